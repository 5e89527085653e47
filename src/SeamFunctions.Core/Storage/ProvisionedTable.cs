using Azure;
using Azure.Data.Tables;

namespace SeamFunctions.Storage;

/// <summary>
/// A table that is created on first use (Azurite, local runs). In Azure the template creates it and grants a role
/// on that table only, which does not allow creating tables: a 403 then means "already provisioned".
/// </summary>
internal sealed class ProvisionedTable(TableClient table)
{
    private volatile bool _exists;

    public async ValueTask<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (_exists)
            return table;
        try
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
        }

        _exists = true;
        return table;
    }

    /// <summary>The client itself, for calls on a table that has been created already (replace, delete).</summary>
    public TableClient Client => table;
}

// SeamFunctions: the adapter on Azure Functions Flex Consumption, secured with one managed identity
// and no keys anywhere. Deploy with `azd up`, or `az deployment group create -g <rg> -f infra/main.bicep`.
targetScope = 'resourceGroup'

@description('azd environment name; names and tags derive from it.')
@minLength(1)
@maxLength(40)
param environmentName string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Memory per instance (MB): 512, 2048 or 4096. 2048 is the Flex default.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most instances the app may scale out to; also the cap on cost under a flood of requests.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Name of the Key Vault secret that holds the Seam API key.')
param seamApiKeySecretName string = 'seam-api-key'

@description('Where the caller hears what became of its PINs (https); empty: no notifications. A URL that carries its own signature (a Power Automate trigger) goes in as a Key Vault reference: @Microsoft.KeyVault(VaultName=<vault>;SecretName=notify-url). The signing secret goes in the vault as notifySecretName.')
param notifyUrl string = ''

@description('Name of the Key Vault secret with the notification signing secret (whsec_ + base64 of at least 16 bytes).')
param notifySecretName string = 'notify-secret'

@description('Object id of the person deploying; when set, they may write the Seam key into the vault (Key Vault Secrets Officer).')
param deployerPrincipalId string = ''

@description('Type of that principal.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'User'

@description('Who is e-mailed when an alert rule fires (docs/deployment.md#operations); empty: no e-mail, the rules are still deployed.')
param alertEmail string = ''

@description('Seam calls answering 5xx or not in time within 15 minutes that fire the Seam-unavailable alert.')
@minValue(1)
param seamFailureThreshold int = 10

@description('Always-ready instances of the HTTP trigger group: 0 scales to zero (a cold start on the first request); 1 keeps one warm for about US$21 a month at 2048 MB (docs/deployment.md#operations).')
@minValue(0)
@maxValue(10)
param httpAlwaysReady int = 0

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName, app: 'seamfunctions' }
var deploymentContainerName = 'app-package'
var idempotencyTableName = 'SeamIdempotency'
var credentialsTableName = 'SeamCredentials'
var notificationsQueueName = 'seam-notifications'
var commandsQueueName = 'seam-commands'

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// ---------------------------------------------------------------------------------------------
// Identity: user-assigned, so its roles exist before the app first starts and it can also pull
// the deployment package (Flex reads it from blob storage with this identity).
// ---------------------------------------------------------------------------------------------
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-seam-${token}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Monitoring: Application Insights accepts only Entra ID-authenticated telemetry.
// ---------------------------------------------------------------------------------------------
resource logs 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: 'log-seam-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-seam-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: the host's own account (deployment package, host state), the idempotency and lifecycle tables.
// Shared keys are off: everything goes through the identity.
// ---------------------------------------------------------------------------------------------
resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: 'stseam${token}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }

  resource blobs 'blobServices' = {
    name: 'default'
    resource deployments 'containers' = {
      name: deploymentContainerName
    }
  }

  resource tables 'tableServices' = {
    name: 'default'
    resource idempotency 'tables' = {
      name: idempotencyTableName
    }
    resource credentials 'tables' = {
      name: credentialsTableName
    }
  }

  // Notifications wait here until the caller's target takes them; those it never took end in the poison queue.
  resource queues 'queueServices' = {
    name: 'default'
    resource notifications 'queues' = {
      name: notificationsQueueName
    }
    resource notificationsPoison 'queues' = {
      name: '${notificationsQueueName}-poison'
    }
    // Commands Seam could not take yet (down, rate limiting) wait here; one the function itself keeps failing, in its poison queue.
    resource commands 'queues' = {
      name: commandsQueueName
    }
    resource commandsPoison 'queues' = {
      name: '${commandsQueueName}-poison'
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault: RBAC only, soft delete and purge protection on. The Seam key is put in after
// deployment (see the output `setSeamApiKeyCommand`), so no secret ever passes through here.
// ---------------------------------------------------------------------------------------------
resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: 'kv-seam-${take(token, 13)}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// ---------------------------------------------------------------------------------------------
// The function app on Flex Consumption (FC1): pay per execution, scales to zero.
// ---------------------------------------------------------------------------------------------
resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-seam-${token}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: 'func-seam-${token}'
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    // Key Vault references in app settings (e.g. a notification URL that carries its own signature) resolve with this identity.
    keyVaultReferenceIdentity: identity.id
    httpsOnly: true
    clientCertEnabled: false
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: httpAlwaysReady > 0 ? [{ name: 'http', instanceCount: httpAlwaysReady }] : []
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }

  // Exactly the settings the code reads (see AppSettings.cs); none holds a secret.
  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      AZURE_CLIENT_ID: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      KeyVault__Uri: vault.properties.vaultUri
      Seam__ApiKeySecretName: seamApiKeySecretName
      Notify__Url: notifyUrl
      Notify__SecretName: notifySecretName
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Least privilege: each role on the narrowest scope that works.
// ---------------------------------------------------------------------------------------------
resource canReadSeamKey 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The Functions host keeps its keys and leases in blobs of its own account and reads the package
// from the deployment container: Microsoft documents Storage Blob Data Owner for AzureWebJobsStorage.
resource canUseHostBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The notification queue trigger and its sender: queue data on this account only.
resource canUseQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Idempotency records: this one table, not the account.
resource canUseIdempotencyTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::tables::idempotency.id, identity.id, roles.storageTableDataContributor)
  scope: storage::tables::idempotency
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Lifecycle records (reference -> credential): this one table, not the account.
resource canUseCredentialsTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::tables::credentials.id, identity.id, roles.storageTableDataContributor)
  scope: storage::tables::credentials
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource canPublishTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerCanSetSeamKey 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

// ---------------------------------------------------------------------------------------------
// Operations: alert rules, the e-mail action group, the workbook.
// ---------------------------------------------------------------------------------------------
module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    insightsId: insights.id
    alertEmail: alertEmail
    seamFailureThreshold: seamFailureThreshold
    environmentName: environmentName
  }
}

output functionAppName string = app.name
output defaultHostName string = app.properties.defaultHostName
output endpoint string = 'https://${app.properties.defaultHostName}/api/credentials'
output seamEventsUrl string = 'https://${app.properties.defaultHostName}/api/seam/events'
output setSeamWebhookSecretCommand string = 'az keyvault secret set --vault-name ${vault.name} --name seam-webhook-secret --value <the whsec_ secret Seam shows for this endpoint>'
output setNotifySecretCommand string = 'az keyvault secret set --vault-name ${vault.name} --name ${notifySecretName} --value whsec_<base64 of 32 random bytes, shared with your notification receiver>'
output keyVaultName string = vault.name
output setSeamApiKeyCommand string = 'az keyvault secret set --vault-name ${vault.name} --name ${seamApiKeySecretName} --value <your Seam API key>'

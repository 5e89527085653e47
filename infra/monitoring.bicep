// Operations: one log alert rule per thing an operator must act on, each with its query in infra/alerts/*.kql
// (the same files a test checks against what the app writes), an action group that e-mails alertEmail, and a
// workbook over the app's Application Insights. See docs/deployment.md#operations.

@description('Region of the rules and the action group.')
param location string

param tags object

@description('The app\'s Application Insights: the scope of every rule and the workbook\'s source.')
param insightsId string

@description('Who is e-mailed when a rule fires; empty: no action group (the rules are still deployed and show in the portal).')
param alertEmail string

@description('How many Seam calls answered 5xx, unreadably or not in time within 15 minutes fire the Seam-unavailable alert.')
@minValue(1)
param seamFailureThreshold int

@description('Names the workbook (a GUID derived from it) and the action group.')
param environmentName string

resource emailGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-seam-${environmentName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'seamalerts'
    enabled: true
    emailReceivers: [
      { name: 'operator', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

// Severity 0 critical .. 4 verbose; frequency and window as ISO 8601 durations; each rule counts matching rows.
var rules = [
  {
    name: 'seam-key-refused'
    title: 'Seam refuses the API key, or Key Vault cannot give it'
    query: loadTextContent('alerts/seam-key-refused.kql')
    severity: 0
    frequency: 'PT5M'
    window: 'PT5M'
    threshold: 0
  }
  {
    name: 'remove-failed'
    title: 'A code could not be removed from a lock: a revoked guest may still get in'
    query: loadTextContent('alerts/remove-failed.kql')
    severity: 1
    frequency: 'PT5M'
    window: 'PT5M'
    threshold: 0
  }
  {
    name: 'command-failed'
    title: 'A queued command failed for good (a booking without a PIN, or a cancellation not at Seam)'
    query: loadTextContent('alerts/command-failed.kql')
    severity: 1
    frequency: 'PT15M'
    window: 'PT15M'
    threshold: 0
  }
  {
    name: 'at-risk-before-arrival'
    title: 'A stay is not ready two hours before arrival'
    query: loadTextContent('alerts/at-risk-before-arrival.kql')
    severity: 1
    frequency: 'PT15M'
    window: 'PT15M'
    threshold: 0
  }
  {
    name: 'notification-poisoned'
    title: 'A notification was not taken after every retry (put it back with the replay route)'
    query: loadTextContent('alerts/notification-poisoned.kql')
    severity: 2
    frequency: 'PT15M'
    window: 'PT15M'
    threshold: 0
  }
  {
    name: 'seam-unavailable'
    title: 'Seam answers 5xx or not in time'
    query: loadTextContent('alerts/seam-unavailable.kql')
    severity: 2
    frequency: 'PT15M'
    window: 'PT15M'
    threshold: seamFailureThreshold
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: 'alert-seam-${rule.name}-${environmentName}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: rule.title
    description: 'SeamFunctions: ${rule.title}. Query: infra/alerts/${rule.name}.kql; what to do: docs/deployment.md#operations.'
    severity: rule.severity
    enabled: true
    evaluationFrequency: rule.frequency
    windowSize: rule.window
    scopes: [insightsId]
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: rule.threshold
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: empty(alertEmail) ? [] : [emailGroup.id] }
  }
}]

// The workbook: each panel's query in infra/workbook/*.kql.
var panels = [
  { title: 'Requests by function and outcome (24 h)', query: loadTextContent('workbook/requests.kql'), chart: 'table' }
  { title: 'PINs created, failed and at risk per day (14 days)', query: loadTextContent('workbook/pins-per-day.kql'), chart: 'barchart' }
  { title: 'Seam latency per operation, p50 and p95 (24 h)', query: loadTextContent('workbook/seam-latency.kql'), chart: 'table' }
  { title: 'Queues: commands and notifications, backlog and poison (24 h)', query: loadTextContent('workbook/queues.kql'), chart: 'table' }
  { title: 'Today\'s arrivals needing attention (readiness checks not ready; the board at /api/board names them)', query: loadTextContent('workbook/arrivals-attention.kql'), chart: 'table' }
]

var workbookItems = [for (panel, i) in panels: {
  type: 3
  name: 'panel-${i}'
  content: {
    version: 'KqlItem/1.0'
    title: panel.title
    query: panel.query
    size: 0
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: panel.chart
  }
}]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'seamfunctions-workbook', environmentName)
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'SeamFunctions operations (${environmentName})'
    category: 'workbook'
    sourceId: insightsId
    serializedData: string({
      version: 'Notebook/1.0'
      items: workbookItems
      fallbackResourceIds: [insightsId]
    })
  }
}

output alertRuleNames array = [for (rule, i) in rules: alerts[i].name]
output workbookId string = workbook.id

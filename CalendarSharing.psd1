@{
    # The cmdlet assembly; CalendarSharing.Models sits beside it, everything else in Dependencies/
    # (loaded privately by the module initializer, never through NestedModules or RequiredAssemblies).
    RootModule = 'CalendarSharing.PowerShell.dll'
    ModuleVersion = '0.1.0'
    GUID = '731b8887-9c7a-494a-818a-5e5624202e76'
    Author = 'CalendarSharing contributors'
    CompanyName = 'CalendarSharing contributors'
    Copyright = 'Copyright (c) CalendarSharing contributors'
    Description = 'Script Exchange calendar sharing: read, grant, change and remove calendar permissions over EWS, with a built-in sandbox organisation (Connect-CalendarSharing -Sandbox) for trying things without a server.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess = @('CalendarSharing.format.ps1xml')
    CmdletsToExport = @(
        'Connect-CalendarSharing'
        'Disconnect-CalendarSharing'
        'Get-CalendarSharingConnection'
        'Get-CalendarPermission'
        'Set-CalendarShare'
        'Remove-CalendarShare'
        'Save-CalendarSharingCredential'
        'Get-CalendarSharingCredential'
        'Remove-CalendarSharingCredential'
        'Add-MailboxDelegate'
        'Get-MailboxDelegate'
        'Set-MailboxDelegate'
        'Remove-MailboxDelegate'
        'Grant-MailboxAccess'
        'Revoke-MailboxAccess'
        'Get-MailboxAccess'
        'Test-CalendarSharingConnection'
        'Get-CalendarSharingPolicy'
        'Set-CalendarSharingPolicy'
        'New-CalendarSharingPolicy'
        'Enable-ExternalCalendarSharing'
        'Disable-ExternalCalendarSharing'
        'Test-ExternalCalendarSharing'
        'Get-CalendarEvent'
        'New-CalendarEvent'
        'Remove-CalendarEvent'
        'Get-CalendarAvailability'
        'Find-MeetingTime'
        'Publish-Calendar'
        'Unpublish-Calendar'
        'Get-CalendarPublishing'
        'Get-CalendarAccessReport'
        'Get-CalendarAccess'
        'New-CalendarSyncProfile'
        'Add-CalendarSyncPair'
        'Set-CalendarSyncPair'
        'Start-CalendarSync'
        'Get-CalendarSyncStatus'
        'Reset-CalendarSync'
        'Remove-CalendarSyncCopy'
        'Test-CalendarSharing'
        'Copy-CalendarAccess'
    )
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport = @()
    PrivateData = @{
        PSData = @{
            Tags = @('Exchange', 'EWS', 'Calendar', 'CalendarSharing', 'Permissions', 'Delegation', 'Sandbox', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First preview: calendar permissions on Exchange Server (EWS) and the sandbox, stored credentials, mailbox delegates and mailbox-level access.'
        }
    }
}

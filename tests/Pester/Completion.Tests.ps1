#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Tab completion as a user meets it: TabExpansion2 on real command lines, against the sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule

    function Get-Completion([string] $Line) {
        $result = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        @($result.CompletionMatches | ForEach-Object CompletionText)
    }

    # The directory answers within the budget or on a later Tab (the search goes on and fills the cache): press Tab
    # again, as a user would, a few times at most.
    function Get-DirectoryCompletion([string] $Line) {
        for ($i = 0; $i -lt 5; $i++) {
            $offered = Get-Completion $Line
            if ($offered) { return $offered }
            Start-Sleep -Milliseconds 500
        }
    }

    # What PowerShell offers when no completer answers: the files of the current folder.
    function Test-FileNameFallback([string[]] $Offered) {
        $files = @(Get-ChildItem -Name)
        @($Offered | Where-Object { $_ -replace '^\.[\\/]', '' -in $files }).Count -gt 0
    }
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'Completion without a connection' {
    BeforeAll {
        Get-CalendarSharingConnection | Disconnect-CalendarSharing
        Push-Location (Split-Path $PSScriptRoot -Parent)   # a folder with files, so a fallback would show
    }
    AfterAll { Pop-Location }

    It 'completes roles in every accepted spelling by prefix: -Role free' {
        $offered = Get-Completion 'Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role free'
        $offered | Should -Contain 'FreeBusyTimeOnly'
        $offered | Should -Contain 'freeBusyRead'
        $offered | Should -Contain 'FreeBusyTimeAndSubjectAndLocation'
        $offered | Should -Not -Contain 'Reviewer'
    }

    It 'completes -Role limited and -AccessRights del' {
        Get-Completion 'Set-CalendarShare -Role limited' | Should -Be @('LimitedDetails', 'limitedRead')
        $offered = Get-Completion 'Set-CalendarShare -AccessRights del'
        $offered | Should -Contain 'Delegate'
        $offered | Should -Contain 'DelegateCanViewPrivate'
        $offered | Should -Contain 'delegateWithPrivateEventAccess'
    }

    It 'offers no file names for <Line> when there is no connection, and does not fail' -TestCases @(
        @{ Line = 'Get-CalendarPermission -Mailbox P' }
        @{ Line = 'Set-CalendarShare -Mailbox alice@contoso.com -User P' }
        @{ Line = 'Get-CalendarPermission -Mailbox alice@contoso.com -Calendar P' }
        @{ Line = 'Add-MailboxDelegate -Mailbox alice@contoso.com -Delegate P' }
        @{ Line = 'Add-MailboxDelegate -Mailbox alice@contoso.com -Delegate bob@contoso.com -CalendarRole P' }
        @{ Line = 'Add-MailboxDelegate -Mailbox alice@contoso.com -Delegate bob@contoso.com -MeetingRequestDelivery P' }
        @{ Line = 'Get-CalendarSharingCredential -Name P' }
    ) {
        Get-ChildItem -Name | Where-Object { $_ -like 'P*' } | Should -Not -BeNullOrEmpty -Because 'a fallback to file names would show here'
        $Error.Clear()
        $offered = Get-Completion $Line
        Test-FileNameFallback $offered | Should -BeFalse
        $offered | Should -BeNullOrEmpty
        $Error | Should -BeNullOrEmpty
    }

    It 'completes delegate roles and meeting-request delivery' {
        Get-Completion 'Add-MailboxDelegate -Mailbox alice@contoso.com -Delegate bob@contoso.com -CalendarRole ' |
            Should -Be @('None', 'Reviewer', 'Author', 'Editor')
        Get-Completion 'Set-MailboxDelegate -Mailbox alice@contoso.com -Delegate bob@contoso.com -InboxRole r' | Should -Be @('Reviewer')
        Get-Completion 'Add-MailboxDelegate -Mailbox alice@contoso.com -Delegate bob@contoso.com -MeetingRequestDelivery DelegatesAnd' |
            Should -Be @('DelegatesAndMe', 'DelegatesAndSendInformationToMe')
    }

    It 'completes stored credential names from the -Path on the command line' {
        $store = Join-Path ([IO.Path]::GetTempPath()) "cs-complete-$([guid]::NewGuid().ToString('n'))"
        $savedKey = $env:CALENDARSHARING_CREDENTIAL_KEY
        try {
            if (-not $IsWindows) { $env:CALENDARSHARING_CREDENTIAL_KEY = [Convert]::ToBase64String((1..32 | ForEach-Object { [byte] $_ })) }
            $credential = [pscredential]::new('CONTOSO\svc-sync', (ConvertTo-SecureString 'not-a-real-password' -AsPlainText -Force))
            Save-CalendarSharingCredential -Name contoso-sync -Credential $credential -Path $store | Out-Null
            Save-CalendarSharingCredential -Name contoso-report -Credential $credential -Path $store | Out-Null
            Save-CalendarSharingCredential -Name fabrikam -Credential $credential -Path $store | Out-Null

            Get-Completion "Get-CalendarSharingCredential -Path '$store' -Name contoso" | Sort-Object | Should -Be @('contoso-report', 'contoso-sync')
            Get-Completion "Remove-CalendarSharingCredential -Path '$store' -Name fab" | Should -Be @('fabrikam')

            $env:CALENDARSHARING_CREDENTIAL_PATH = $store
            Get-Completion 'Connect-CalendarSharing -EwsUrl https://mail.contoso.com/EWS/Exchange.asmx -CredentialName contoso-s' | Should -Be @('contoso-sync')
        }
        finally {
            Remove-Item Env:CALENDARSHARING_CREDENTIAL_PATH -ErrorAction SilentlyContinue
            $env:CALENDARSHARING_CREDENTIAL_KEY = $savedKey
            Remove-Item -Recurse -Force $store -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Completion from the connection''s directory' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'completes -Mailbox from the directory, by alias' {
        $offered = Get-DirectoryCompletion 'Get-CalendarPermission -Mailbox al'
        $offered | Should -Contain 'alice@contoso.com'
        $offered | Should -Not -Contain 'bob@contoso.com'
    }

    It 'completes -Mailbox by a word of the display name' {
        Get-DirectoryCompletion 'Set-CalendarShare -Mailbox Dupont' | Should -Contain 'marie@contoso.com'
    }

    It 'completes -User with Default, Anonymous and users' {
        $offered = Get-DirectoryCompletion 'Set-CalendarShare -Mailbox alice@contoso.com -User '
        $offered | Should -Contain 'Default'
        $offered | Should -Contain 'Anonymous'
        Get-DirectoryCompletion 'Set-CalendarShare -Mailbox alice@contoso.com -User car' | Should -Contain 'carol@contoso.com'
    }

    It 'completes -Delegate and Get-MailboxAccess -User' {
        Get-DirectoryCompletion 'Add-MailboxDelegate -Mailbox alice@contoso.com -Delegate bo' | Should -Contain 'bob@contoso.com'
        Get-DirectoryCompletion 'Get-MailboxAccess -Mailbox alice@contoso.com -User hans' | Should -Contain 'hans@contoso.com'
    }

    It 'completes -Calendar with the name the mailbox already typed gives its calendar' {
        Get-DirectoryCompletion 'Get-CalendarPermission -Mailbox hans@contoso.com -Calendar ' | Should -Be @('Kalender')
        Get-DirectoryCompletion 'Set-CalendarShare -Mailbox marie@contoso.com -User bob@contoso.com -Calendar C' | Should -Be @('Calendrier')
        Get-Completion 'Remove-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Calendar Ka' | Should -BeNullOrEmpty
    }

    It 'returns at most 50 mailboxes and answers within the budget' {
        Connect-CalendarSharing -Sandbox -SandboxMailboxCount 120 | Out-Null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $offered = Get-Completion 'Get-CalendarPermission -Mailbox user'
        $watch.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'the prompt waits for the directory at most about a second'
        if (-not $offered) { $offered = Get-DirectoryCompletion 'Get-CalendarPermission -Mailbox user' }
        $offered.Count | Should -BeGreaterThan 0
        $offered.Count | Should -BeLessOrEqual 50
    }

    It 'offers nothing, and no error, for a name nobody has' {
        $Error.Clear()
        Get-Completion 'Get-CalendarPermission -Mailbox zzzz-nobody' | Should -BeNullOrEmpty
        $Error | Should -BeNullOrEmpty
    }
}

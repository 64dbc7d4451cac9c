#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Each of the 17 cmdlets typed the way an admin types it, against the sandbox: parameters by position, pipeline input
# from strings, objects and Import-Csv, -WhatIf and -Confirm:$false, errors collected with -ErrorAction
# SilentlyContinue -ErrorVariable. Every Describe starts from a fresh sandbox organisation.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $examples = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'examples'
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'Calendar permissions by position and from CSV' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'Get-CalendarPermission takes the mailbox and the calendar by position' {
        (Get-CalendarPermission alice@contoso.com 'Team Events' -User bob@contoso.com).Role.ToString() | Should -Be 'Editor'
    }

    It 'Set-CalendarShare takes mailbox, user and role by position' {
        (Set-CalendarShare carol@contoso.com bob@contoso.com Reviewer).Action.ToString() | Should -Be 'Added'
        (Get-CalendarPermission carol@contoso.com -User bob@contoso.com).Role.ToString() | Should -Be 'Reviewer'
    }

    It 'Set-CalendarShare applies the shipped onboarding CSV, and -WhatIf before it changes nothing' {
        Import-Csv (Join-Path $examples 'onboarding.csv') | Set-CalendarShare -WhatIf | Should -BeNullOrEmpty
        Get-CalendarPermission marie@contoso.com -User bob@contoso.com | Should -BeNullOrEmpty
        $results = Import-Csv (Join-Path $examples 'onboarding.csv') | Set-CalendarShare
        $results.Row | Should -Be @(1, 2, 3)
        (Get-CalendarPermission 'marie@contoso.com:\Calendrier' -User bob@contoso.com).Role.ToString() | Should -Be 'AvailabilityOnly'
    }

    It 'Remove-CalendarShare takes mailbox and user by position, with -Confirm:$false' {
        (Remove-CalendarShare carol@contoso.com bob@contoso.com -Confirm:$false).Action.ToString() | Should -Be 'Removed'
        Get-CalendarPermission carol@contoso.com -User bob@contoso.com | Should -BeNullOrEmpty
    }

    It 'Remove-CalendarShare applies the shipped offboarding CSV' {
        $results = Import-Csv (Join-Path $examples 'offboarding.csv') | Remove-CalendarShare -Force
        $results.Action.ForEach({ $_.ToString() }) | Should -Be @('Removed', 'Removed')
    }

    It 'Set-CalendarShare collects a bad row in -ErrorVariable and applies the good one' {
        $rows = @(
            [pscustomobject]@{ Mailbox = 'alice@contoso.com'; User = 'hans@contoso.com'; AccessRights = 'Reviewer' }
            [pscustomobject]@{ Mailbox = 'nobody@contoso.com'; User = 'hans@contoso.com'; AccessRights = 'Reviewer' }
        )
        $results = $rows | Set-CalendarShare -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MailboxNotFound,*'
        ($results | Where-Object Row -EQ 1).Action.ToString() | Should -Be 'Added'
    }
}

Describe 'Delegates by position, from the pipeline and from CSV' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'Add-MailboxDelegate takes mailbox and delegate by position; Get-MailboxDelegate lists it' {
        (Add-MailboxDelegate alice@contoso.com bob@contoso.com -InboxRole Reviewer).Action.ToString() | Should -Be 'Added'
        $delegate = Get-MailboxDelegate alice@contoso.com
        $delegate.Delegate | Should -Be 'bob@contoso.com'
        $delegate.InboxRole.ToString() | Should -Be 'Reviewer'
    }

    It 'Get-MailboxDelegate takes mailboxes as strings from the pipeline' {
        @('alice@contoso.com', 'bob@contoso.com' | Get-MailboxDelegate).Mailbox | Should -Be @('alice@contoso.com')
    }

    It 'Set-MailboxDelegate takes mailbox and delegate by position' {
        (Set-MailboxDelegate alice@contoso.com bob@contoso.com -InboxRole None).Changes | Should -Match 'InboxRole Reviewer -> None'
    }

    It 'Add-MailboxDelegate applies the shipped delegates CSV twice: the second run changes nothing' {
        $first = Import-Csv (Join-Path $examples 'delegates.csv') | Add-MailboxDelegate
        $first | Should -HaveCount 2
        $second = Import-Csv (Join-Path $examples 'delegates.csv') | Add-MailboxDelegate
        $second.Action.ForEach({ $_.ToString() }) | Should -Be @('Unchanged', 'Unchanged')
    }

    It 'Remove-MailboxDelegate takes what Get-MailboxDelegate pipes, with -Confirm:$false' {
        $removed = Get-MailboxDelegate alice@contoso.com | Remove-MailboxDelegate -Confirm:$false
        $removed.Action.ToString() | Should -Be 'Removed'
        Get-MailboxDelegate alice@contoso.com | Should -BeNullOrEmpty
    }

    It 'Set-MailboxDelegate on a user who is not a delegate is an error in -ErrorVariable' {
        Set-MailboxDelegate carol@contoso.com bob@contoso.com -InboxRole Reviewer -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotADelegate,*'
    }
}

Describe 'Mailbox access in the Graph sandbox' {
    BeforeAll {
        # Typed in a separate PowerShell process (a job): a Graph connection loads the Graph stack, which must not
        # leak into this process, whose other test files check what an on-premises session loads.
        $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory), $examples -ScriptBlock {
            param($testsDir, $moduleDir, $examples)
            $env:CALENDARSHARING_MODULE_DIR = $moduleDir
            . (Join-Path $testsDir 'TestHelpers.ps1')
            Import-PackagedModule
            Connect-CalendarSharing -Sandbox -Backend Graph | Out-Null
            $whatIf = @(Grant-MailboxAccess alice@contoso.com carol@contoso.com FullAccess -WhatIf)
            $beforeGrant = @(Get-MailboxAccess alice@contoso.com carol@contoso.com | Where-Object { "$($_.Kind)" -eq 'FullAccess' })
            $grant = Grant-MailboxAccess alice@contoso.com carol@contoso.com FullAccess
            $afterGrant = @(Get-MailboxAccess alice@contoso.com carol@contoso.com | Where-Object { "$($_.Kind)" -eq 'FullAccess' })
            $csv = Import-Csv (Join-Path $examples 'access.csv') | Grant-MailboxAccess
            $revoke = Import-Csv (Join-Path $examples 'leavers.csv') | Revoke-MailboxAccess -AccessRight FullAccess -Confirm:$false
            $checks = @(Test-CalendarSharingConnection -Sandbox -Mailbox carol@contoso.com)
            Revoke-MailboxAccess nobody@contoso.com carol@contoso.com SendAs -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null
            [pscustomobject]@{
                WhatIfCount      = $whatIf.Count
                BeforeGrant      = $beforeGrant.Count
                GrantAction      = "$($grant.Action)"
                AfterGrant       = $afterGrant.Count
                CsvRights        = @($csv | ForEach-Object { "$($_.AccessRight)" })
                RevokeActions    = @($revoke | ForEach-Object { "$($_.Action)" })
                RevokeErrorCount = @($problems).Count
                RevokeErrorId    = @($problems | ForEach-Object FullyQualifiedErrorId) -join ';'
                CheckCount       = $checks.Count
                FailedChecks     = @($checks | Where-Object { "$($_.Result)" -eq 'Fail' } | ForEach-Object { "$($_.Name): $($_.Detail)" })
            }
        }
        $typed = Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop
    }

    It 'Grant-MailboxAccess takes mailbox, user and rights by position; -WhatIf first changes nothing' {
        $typed.WhatIfCount | Should -Be 0
        $typed.BeforeGrant | Should -Be 0
        $typed.GrantAction | Should -Be 'Added'
        $typed.AfterGrant | Should -Be 1
    }

    It 'Grant-MailboxAccess applies the shipped access CSV' {
        $typed.CsvRights | Should -Be @('SendAs', 'SendOnBehalf', 'FullAccess')
    }

    It 'Revoke-MailboxAccess takes the shipped leavers CSV with -Confirm:$false, and reports an unknown mailbox in -ErrorVariable' {
        $typed.RevokeActions | Should -Be @('Removed', 'Removed')
        $typed.RevokeErrorCount | Should -Be 1
        $typed.RevokeErrorId | Should -BeLike 'MailboxNotFound,*'
    }

    It 'Test-CalendarSharingConnection -Sandbox passes every check for the sandbox app' {
        $typed.CheckCount | Should -BeGreaterThan 3
        $typed.FailedChecks | Should -BeNullOrEmpty
    }
}

Describe 'Removals ask first' {
    It '<_> confirms unless -Confirm:$false (ConfirmImpact High), as the README says' -ForEach @(
        'Remove-CalendarShare', 'Remove-MailboxDelegate', 'Revoke-MailboxAccess', 'Remove-CalendarSharingCredential') {
        $attribute = (Get-Command $_).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
    }

    It 'Remove-CalendarShare without -Confirm:$false stops at the question where nobody can answer' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1')).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript('Get-CalendarSharingConnection | Disconnect-CalendarSharing; Connect-CalendarSharing -Sandbox | Out-Null; Remove-CalendarShare alice@contoso.com carol@contoso.com').Invoke()
            $ps.Streams.Error.FullyQualifiedErrorId | Should -BeLike 'HostFunctionNotImplemented,*'
            $ps.Commands.Clear()
            (($ps.AddScript('Get-CalendarPermission alice@contoso.com -User carol@contoso.com').Invoke()).Role | ForEach-Object { "$_" }) | Should -Be 'Reviewer'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Connections typed at the prompt' {
    It 'Connect-, Get- and Disconnect-CalendarSharing on the sandbox' {
        $c = Connect-CalendarSharing -Sandbox
        (Get-CalendarSharingConnection -Default).Id | Should -Be $c.Id
        ($c | Disconnect-CalendarSharing -PassThru).Id | Should -Be $c.Id
    }

    It 'Connect-CalendarSharing takes the URL and the credential by position; an unreachable server stops it, named' {
        # A connection that cannot be made is a terminating error (a setup failure), so a script catches it.
        $cred = [pscredential]::new('CONTOSO\admin', (ConvertTo-SecureString 'Sandbox!Admin1' -AsPlainText -Force))
        { Connect-CalendarSharing https://127.0.0.1:9/EWS/Exchange.asmx $cred -Authentication Ntlm -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*127.0.0.1:9*'
    }
}

Describe 'Stored credentials by position and from the pipeline' {
    BeforeAll {
        $saved = @{ Path = $env:CALENDARSHARING_CREDENTIAL_PATH; Key = $env:CALENDARSHARING_CREDENTIAL_KEY }
        $store = Join-Path ([IO.Path]::GetTempPath()) ('cs-cred-' + [guid]::NewGuid().ToString('n'))
        $env:CALENDARSHARING_CREDENTIAL_PATH = $store
        $env:CALENDARSHARING_CREDENTIAL_KEY = [Convert]::ToBase64String([byte[]] (1..32))
        $cred = [pscredential]::new('alice@contoso.com', (ConvertTo-SecureString 'Sandbox!Alice1' -AsPlainText -Force))
    }

    AfterAll {
        $env:CALENDARSHARING_CREDENTIAL_PATH = $saved.Path
        $env:CALENDARSHARING_CREDENTIAL_KEY = $saved.Key
        Remove-Item -LiteralPath $store -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'Save-CalendarSharingCredential takes name and credential by position; a second save is an error' {
        Save-CalendarSharingCredential runbook-alice $cred
        Save-CalendarSharingCredential runbook-alice $cred -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems | Should -HaveCount 1
        $problems[0].Exception.Message | Should -Match 'already stored'
    }

    It 'Get-CalendarSharingCredential takes a wildcard by position and gives the credential back' {
        (Get-CalendarSharingCredential 'runbook-*').Name | Should -Be 'runbook-alice'
        (Get-CalendarSharingCredential runbook-alice -AsCredential).GetNetworkCredential().Password | Should -Be 'Sandbox!Alice1'
    }

    It 'Remove-CalendarSharingCredential takes names from the pipeline; -WhatIf keeps them' {
        'runbook-alice' | Remove-CalendarSharingCredential -WhatIf
        Get-CalendarSharingCredential runbook-alice | Should -Not -BeNullOrEmpty
        Get-CalendarSharingCredential 'runbook-*' | Remove-CalendarSharingCredential -Confirm:$false
        Get-CalendarSharingCredential 'runbook-*' | Should -BeNullOrEmpty
    }
}

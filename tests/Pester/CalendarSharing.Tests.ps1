#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# The issue's scenarios, typed as an Exchange admin types them, against the packaged module and the sandbox
# organisation (docs/design/contracts.md: alice, bob, carol, hans (Kalender), marie (Calendrier) @contoso.com).
# Each Describe starts from a fresh sandbox: Connect-CalendarSharing -Sandbox always builds a new organisation.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule

    function Get-Role([string] $Mailbox, [string] $User) {
        $entry = Get-CalendarPermission -Mailbox $Mailbox -User $User
        if ($entry) { $entry.Role.ToString() }
    }
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'Connect-CalendarSharing -Sandbox' {
    It 'connects as the sandbox admin and becomes the default connection' {
        $connection = Connect-CalendarSharing -Sandbox
        $connection | Should -BeOfType ([CalendarSharing.CalendarSharingConnection])
        $connection.Kind.ToString() | Should -Be 'Sandbox'
        $connection.UserName | Should -Be 'admin@contoso.com'
        $connection.Endpoint | Should -BeLike 'https://sandbox.contoso.com/*'
        $connection.IsDefault | Should -BeTrue
        (Get-CalendarSharingConnection -Default).Id | Should -Be $connection.Id
    }

    It 'says what it connected to and as whom, and never the password' {
        $verbose = Connect-CalendarSharing -Sandbox -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
            ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'admin@contoso\.com'
        ($verbose -join "`n") | Should -Match 'sandbox\.contoso\.com'
        ($verbose -join "`n") | Should -Not -Match 'Sandbox!Admin1'
    }

    It 'writes no secret into the connection object' {
        $text = Connect-CalendarSharing -Sandbox | Format-List * | Out-String
        $text | Should -Not -Match 'Sandbox!'
    }
}

Describe 'Get-CalendarPermission' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'lists the entries of alice@contoso.com''s calendar' {
        $entries = Get-CalendarPermission -Mailbox alice@contoso.com
        $entries | Should -Not -BeNullOrEmpty
        $entries | ForEach-Object { $_ | Should -BeOfType ([CalendarSharing.CalendarPermission]) }
        $entries.Mailbox | Select-Object -Unique | Should -Be 'alice@contoso.com'
        ($entries | Where-Object User -EQ 'Default').Role.ToString() | Should -Be 'AvailabilityOnly'
        ($entries | Where-Object User -EQ 'Anonymous').Role.ToString() | Should -Be 'None'
        ($entries | Where-Object User -EQ 'carol@contoso.com').Role.ToString() | Should -Be 'Reviewer'
    }

    It 'reaches hans@contoso.com''s default calendar by its German name' {
        $entries = Get-CalendarPermission -Mailbox 'hans@contoso.com:\Kalender'
        ($entries | Where-Object User -EQ 'marie@contoso.com').Role.ToString() | Should -Be 'LimitedDetails'
        $entries[0].Calendar | Should -Be 'Kalender'
        (Get-CalendarPermission -Mailbox 'hans@contoso.com:\Calendar' -User marie@contoso.com).Role.ToString() | Should -Be 'LimitedDetails'
    }

    It 'reads a secondary calendar by name' {
        (Get-CalendarPermission -Mailbox alice@contoso.com -Calendar 'Team Events' -User bob@contoso.com).Role.ToString() |
            Should -Be 'Editor'
    }

    It 'takes mailboxes from the pipeline, as strings and as Get-Mailbox-like objects' {
        $byValue = 'alice@contoso.com', 'bob@contoso.com' | Get-CalendarPermission -User Default
        $byValue | Should -HaveCount 2
        $byValue.Mailbox | Should -Be @('alice@contoso.com', 'bob@contoso.com')

        $mailbox = [pscustomobject]@{ Identity = 'Bob Berg'; PrimarySmtpAddress = 'bob@contoso.com' }
        ($mailbox | Get-CalendarPermission -User Default).Mailbox | Should -Be 'bob@contoso.com'
    }

    It 'formats as a Mailbox/Calendar/User/Role table' {
        $table = Get-CalendarPermission -Mailbox alice@contoso.com | Format-Table | Out-String
        $table | Should -Match 'Mailbox\s+Calendar\s+User\s+Role'
        $table | Should -Not -Match 'PrincipalKind'
    }

    It 'stops quietly when the pipeline stops early' {
        $first = Get-CalendarPermission -Mailbox alice@contoso.com -ErrorVariable problems | Select-Object -First 1
        $first | Should -HaveCount 1
        $problems | Should -BeNullOrEmpty
    }

    It 'reports an unknown mailbox as an error with the mailbox as target, and goes on' {
        $entries = Get-CalendarPermission -Mailbox nobody@contoso.com, alice@contoso.com -ErrorVariable problems -ErrorAction SilentlyContinue
        $entries.Mailbox | Select-Object -Unique | Should -Be 'alice@contoso.com'
        $problems | Should -HaveCount 1
        $problems[0].CategoryInfo.Category.ToString() | Should -Be 'ObjectNotFound'
        "$($problems[0].TargetObject)" | Should -Match 'nobody@contoso\.com'
    }
}

Describe 'Set-CalendarShare' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'adds bob@contoso.com to alice@contoso.com''s calendar, then finds nothing to change' {
        $first = Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role LimitedDetails
        $first | Should -BeOfType ([CalendarSharing.CalendarShareResult])
        $first.Action.ToString() | Should -Be 'Added'
        $first.Role.ToString() | Should -Be 'LimitedDetails'
        Get-Role alice@contoso.com bob@contoso.com | Should -Be 'LimitedDetails'

        $second = Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role LimitedDetails
        $second.Action.ToString() | Should -Be 'Unchanged'
        $second.PreviousRole.ToString() | Should -Be 'LimitedDetails'
    }

    It 'updates an existing entry and reports the previous role' {
        $result = Set-CalendarShare -Mailbox alice@contoso.com -User carol@contoso.com -Role Editor
        $result.Action.ToString() | Should -Be 'Updated'
        $result.PreviousRole.ToString() | Should -Be 'Reviewer'
        Get-Role alice@contoso.com carol@contoso.com | Should -Be 'Editor'
    }

    It 'sets Default on hans@contoso.com:\Kalender to AvailabilityOnly' {
        $result = Set-CalendarShare -Mailbox 'hans@contoso.com:\Kalender' -User Default -Role AvailabilityOnly
        $result.Action.ToString() | Should -BeIn @('Unchanged', 'Updated')
        $result.Calendar | Should -Be 'Kalender'
        Get-Role 'hans@contoso.com' Default | Should -Be 'AvailabilityOnly'
    }

    It 'accepts the EWS and Graph spellings of a role' {
        (Set-CalendarShare -Mailbox marie@contoso.com -User bob@contoso.com -Role FreeBusyTimeAndSubjectAndLocation).Role.ToString() |
            Should -Be 'LimitedDetails'
        (Set-CalendarShare -Mailbox marie@contoso.com -User bob@contoso.com -Role read).Role.ToString() |
            Should -Be 'Reviewer'
    }

    It 'writes a server-side failure with the catalogue id, its category and the row as target' {
        $row = [pscustomobject]@{ Mailbox = 'carol@contoso.com'; User = 'nobody.at.all@contoso.com'; Role = 'Reviewer' }
        $result = $row | Set-CalendarShare -ErrorVariable rowErrors -ErrorAction SilentlyContinue
        $rowErrors | Should -HaveCount 1
        $rowErrors[0].FullyQualifiedErrorId | Should -Be 'UserNotFound,CalendarSharing.PowerShell.Commands.SetCalendarShareCommand'
        $rowErrors[0].CategoryInfo.Category.ToString() | Should -Be 'ObjectNotFound'
        $rowErrors[0].TargetObject.User | Should -Be 'nobody.at.all@contoso.com'
        $rowErrors[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $result.Action.ToString() | Should -Be 'Failed'
    }

    It 'applies a CSV: a bad role fails its row with an error record, the other rows succeed' {
        $csv = Join-Path $TestDrive 'onboarding.csv'
        @(
            'Mailbox,User,AccessRights'
            'carol@contoso.com,bob@contoso.com,Reviewer'
            'carol@contoso.com,marie@contoso.com,Reader'
            'hans@contoso.com:\Kalender,bob@contoso.com,LimitedDetails'
        ) | Set-Content -Path $csv -Encoding utf8

        $results = Import-Csv $csv | Set-CalendarShare -ErrorVariable rowErrors -ErrorAction SilentlyContinue

        $rowErrors | Should -HaveCount 1
        $rowErrors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRole,*'
        $rowErrors[0].CategoryInfo.Category.ToString() | Should -Be 'InvalidArgument'
        $rowErrors[0].TargetObject.AccessRights | Should -Be 'Reader'
        $rowErrors[0].TargetObject.User | Should -Be 'marie@contoso.com'
        $rowErrors[0].ToString() | Should -Match 'Reader'
        $rowErrors[0].ToString() | Should -Match 'LimitedDetails'

        ($results | Where-Object Row -EQ 1).Action.ToString() | Should -Be 'Added'
        ($results | Where-Object Row -EQ 3).Action.ToString() | Should -Be 'Added'
        Get-Role carol@contoso.com bob@contoso.com | Should -Be 'Reviewer'
        Get-Role 'hans@contoso.com:\Kalender' bob@contoso.com | Should -Be 'LimitedDetails'
        Get-Role carol@contoso.com marie@contoso.com | Should -BeNullOrEmpty

        # Running the same file again changes nothing.
        $again = Import-Csv $csv | Set-CalendarShare -ErrorAction SilentlyContinue
        ($again | Where-Object Row -In 1, 3).Action | ForEach-Object { $_.ToString() | Should -Be 'Unchanged' }
    }

    It 'binds a CanViewPrivateItems column given as text' {
        $row = [pscustomobject]@{ Mailbox = 'bob@contoso.com'; User = 'carol@contoso.com'; Role = 'Delegate'; CanViewPrivateItems = 'True' }
        $result = $row | Set-CalendarShare
        $result.Role.ToString() | Should -Be 'DelegateCanViewPrivate'
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-CalendarPermission -Mailbox alice@contoso.com | ForEach-Object { '{0}={1}' -f $_.User, $_.Role }
        Set-CalendarShare -Mailbox alice@contoso.com -User marie@contoso.com -Role Owner -WhatIf | Out-Null
        Import-Csv (Join-Path $TestDrive 'onboarding.csv') | Set-CalendarShare -WhatIf -ErrorAction SilentlyContinue | Out-Null
        Remove-CalendarShare -Mailbox alice@contoso.com -User carol@contoso.com -WhatIf | Out-Null
        $after = Get-CalendarPermission -Mailbox alice@contoso.com | ForEach-Object { '{0}={1}' -f $_.User, $_.Role }
        $after | Should -Be $before
    }

    It 'runs a bulk change over many mailboxes, one result per row in row order' {
        Connect-CalendarSharing -Sandbox -SandboxMailboxCount 40 | Out-Null
        $rows = 1..40 | ForEach-Object { [pscustomobject]@{ Mailbox = 'user{0:d4}@contoso.com' -f $_; User = 'bob@contoso.com'; AccessRights = 'Reviewer' } }
        $results = $rows | Set-CalendarShare
        $results | Should -HaveCount 40
        $results.Row | Should -Be (1..40)
        $results.Action | ForEach-Object { $_.ToString() | Should -Be 'Added' }
    }
}

Describe 'Remove-CalendarShare' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'removes carol@contoso.com from alice@contoso.com''s calendar' {
        $result = Remove-CalendarShare -Mailbox alice@contoso.com -User carol@contoso.com -Confirm:$false
        $result.Action.ToString() | Should -Be 'Removed'
        $result.PreviousRole.ToString() | Should -Be 'Reviewer'
        Get-Role alice@contoso.com carol@contoso.com | Should -BeNullOrEmpty
    }

    It 'removes what Get-CalendarPermission pipes to it, with -Force' {
        Get-CalendarPermission -Mailbox 'hans@contoso.com:\Kalender' -User marie@contoso.com | Remove-CalendarShare -Force |
            ForEach-Object { $_.Action.ToString() | Should -Be 'Removed' }
        Get-Role 'hans@contoso.com:\Kalender' marie@contoso.com | Should -BeNullOrEmpty
    }

    It 'sets Default to None instead of removing it' {
        Remove-CalendarShare -Mailbox bob@contoso.com -User Default -Force | Out-Null
        Get-Role bob@contoso.com Default | Should -Be 'None'
    }

    It 'reports a user without an entry as Unchanged' {
        (Remove-CalendarShare -Mailbox carol@contoso.com -User marie@contoso.com -Force).Action.ToString() | Should -Be 'Unchanged'
    }
}

Describe 'Connections' {
    It 'sends a command through -Connection instead of the default' {
        $first = Connect-CalendarSharing -Sandbox
        $second = Connect-CalendarSharing -Sandbox
        (Get-CalendarSharingConnection -Default).Id | Should -Be $second.Id

        Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role Reviewer -Connection $first | Out-Null
        (Get-CalendarPermission -Mailbox alice@contoso.com -User bob@contoso.com -Connection $first).Role.ToString() | Should -Be 'Reviewer'
        Get-CalendarPermission -Mailbox alice@contoso.com -User bob@contoso.com | Should -BeNullOrEmpty
    }

    It 'lists and closes connections' {
        Connect-CalendarSharing -Sandbox | Out-Null
        $all = Get-CalendarSharingConnection
        $all.Count | Should -BeGreaterOrEqual 1
        @($all | Where-Object IsDefault).Count | Should -Be 1

        $closed = $all | Disconnect-CalendarSharing -PassThru
        $closed | Should -HaveCount $all.Count
        Get-CalendarSharingConnection | Should -BeNullOrEmpty
        $closed | ForEach-Object { $_.IsConnected | Should -BeFalse }
    }

    It 'stops with NotConnected when there is no connection' {
        Get-CalendarSharingConnection | Disconnect-CalendarSharing
        # Pester 5.9.1 compares the whole FullyQualifiedErrorId: the stable id, then the cmdlet's class.
        { Get-CalendarPermission -Mailbox alice@contoso.com -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotConnected,CalendarSharing.PowerShell.Commands.GetCalendarPermissionCommand'
        { [pscustomobject]@{ Mailbox = 'alice@contoso.com' } | Set-CalendarShare -User bob@contoso.com -Role Reviewer -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotConnected,CalendarSharing.PowerShell.Commands.SetCalendarShareCommand'
        $err = $null
        try { Get-MailboxDelegate -Mailbox alice@contoso.com -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'NotConnected,CalendarSharing.PowerShell.Commands.GetMailboxDelegateCommand'
        $err.CategoryInfo.Category.ToString() | Should -Be 'ConnectionError'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Connect-CalendarSharing'
    }

    It 'names the real cause of a failed certificate sign-in, and no sandbox, when it is a tenant' {
        # In a child pwsh: a Graph sign-in loads Azure.Identity, and Module.Tests.ps1 checks that this process never did.
        $script = {
            param($moduleDir, $missing)
            Import-Module (Join-Path $moduleDir 'CalendarSharing.psd1') -ErrorAction Stop
            $app = '11111111-2222-3333-4444-555555555555'
            foreach ($attempt in @(
                    { Connect-CalendarSharing -TenantId contoso.onmicrosoft.com -ClientId $app -CertificatePath $missing -ErrorAction Stop },
                    { Connect-CalendarSharing -TenantId contoso.onmicrosoft.com -ClientId $app -CertificateThumbprint 00112233445566778899AABBCCDDEEFF00112233 -ErrorAction Stop })) {
                try { & $attempt; 'no error' } catch {
                    [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Category = $_.CategoryInfo.Category.ToString(); Text = $_.ToString() } | ConvertTo-Json -Compress
                }
            }
        }
        $pwsh = [Environment]::ProcessPath
        # Under 'dotnet pwsh' (a .NET tool) the process is the dotnet host, which needs pwsh.dll first.
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("& { $script } '$(Get-PackagedModuleDirectory)' '$(Join-Path $TestDrive 'no-such-app.pfx')'"))
        $answers = & $pwsh @prefix -NoProfile -NonInteractive -EncodedCommand $encoded | ForEach-Object { $_ | ConvertFrom-Json }

        $answers | Should -HaveCount 2
        $answers[0].Id | Should -Be 'ConnectFailed,CalendarSharing.PowerShell.Commands.ConnectCalendarSharingCommand'
        $answers[0].Text | Should -Match 'no-such-app\.pfx.+does not exist'
        $answers[0].Text | Should -Match 'contoso\.onmicrosoft\.com'
        $answers[1].Id | Should -Be 'ConnectFailed,CalendarSharing.PowerShell.Commands.ConnectCalendarSharingCommand'
        $answers[1].Category | Should -Be 'ConnectionError'
        $answers[1].Text | Should -Match '00112233445566778899AABBCCDDEEFF00112233'
        $answers | ForEach-Object { $_.Text | Should -Not -Match 'sandbox' }
    }

    It 'is quiet when there is nothing to disconnect' {
        Get-CalendarSharingConnection | Disconnect-CalendarSharing
        { Disconnect-CalendarSharing -ErrorAction Stop } | Should -Not -Throw
    }

    It 'Disconnect-CalendarSharing -WhatIf keeps the connection' {
        $connection = Connect-CalendarSharing -Sandbox
        Disconnect-CalendarSharing -WhatIf
        (Get-CalendarSharingConnection -Default).Id | Should -Be $connection.Id
        Disconnect-CalendarSharing
    }
}

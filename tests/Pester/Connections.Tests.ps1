#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Connections are kept per runspace, declare what they can do, and a hybrid connection routes every capability per
# mailbox. Against the packaged module and the sandbox (alice, hans on-premises; carol, marie in Exchange Online in
# the Hybrid topology).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $script:Manifest = Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1'

    function Get-VerboseText([scriptblock] $Command) {
        (& $Command 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
    }
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'Connections per runspace' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
    It 'gives each ForEach-Object -Parallel runspace its own default, and closing one leaves the other' {
        Get-CalendarSharingConnection | Disconnect-CalendarSharing
        $parent = Connect-CalendarSharing -Sandbox

        $barrier = [System.Threading.Barrier]::new(2)
        $results = 1, 2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:Manifest -ErrorAction Stop
            $sync = $using:barrier
            $index = $_
            try {
                $mine = if ($index -eq 1) { Connect-CalendarSharing -Sandbox } else { Connect-CalendarSharing -Sandbox -Backend Graph }
                $null = $sync.SignalAndWait([TimeSpan]::FromSeconds(60))

                $seen = @(Get-CalendarSharingConnection)
                $default = Get-CalendarSharingConnection -Default
                $calendar = @(Get-CalendarPermission -Mailbox marie@contoso.com)[0].Calendar
                $null = $sync.SignalAndWait([TimeSpan]::FromSeconds(60))

                if ($index -eq 1) { Disconnect-CalendarSharing }
                $null = $sync.SignalAndWait([TimeSpan]::FromSeconds(60))

                $after = Get-CalendarSharingConnection -Default
                # NotConnected stops the command (a terminating error), so ask inside try.
                $stillWorks = try { $null -ne (Get-CalendarPermission -Mailbox alice@contoso.com -ErrorAction Stop) } catch { $_.FullyQualifiedErrorId }
                [pscustomobject]@{
                    Index      = $index
                    Mine       = $mine.Id
                    Kind       = $mine.Kind.ToString()
                    Seen       = @($seen.Id)
                    Default    = $default.Id
                    Calendar   = $calendar
                    After      = $after.Id
                    StillWorks = $stillWorks
                }
            }
            catch {
                $sync.RemoveParticipant()
                throw
            }
        }

        $results | Should -HaveCount 2
        $one = $results | Where-Object Index -EQ 1
        $two = $results | Where-Object Index -EQ 2

        # Each runspace sees only the connection it made, as its default.
        $one.Seen | Should -Be @($one.Mine)
        $two.Seen | Should -Be @($two.Mine)
        $one.Default | Should -Be $one.Mine
        $two.Default | Should -Be $two.Mine
        $one.Kind | Should -Be 'Sandbox'
        $one.Calendar | Should -Be 'Calendrier'

        # Disconnecting in the first left the second connected and working.
        $one.After | Should -BeNullOrEmpty
        $two.After | Should -Be $two.Mine
        $two.StillWorks | Should -BeTrue
        $one.StillWorks | Should -BeLike 'NotConnected,*'

        # And the parent runspace still has its own default, untouched by either.
        @(Get-CalendarSharingConnection).Id | Should -Be @($parent.Id)
        (Get-CalendarSharingConnection -Default).Id | Should -Be $parent.Id
        $results.Mine | Should -Not -Contain $parent.Id
    }

    It 'says a connection made in another runspace belongs there' {
        $parent = Connect-CalendarSharing -Sandbox
        $errorId = 1 | ForEach-Object -Parallel {
            Import-Module $using:Manifest -ErrorAction Stop
            try {
                Get-CalendarPermission -Mailbox alice@contoso.com -Connection $using:parent -ErrorAction Stop | Out-Null
                'no error'
            }
            catch {
                $_.FullyQualifiedErrorId + '|' + $_.ErrorDetails.Message
            }
        }

        $errorId | Should -BeLike 'NotConnected,*|*another runspace*'
    }
}

Describe 'Capabilities' {
    It 'shows what a connection can do in Format-List' {
        $text = Connect-CalendarSharing -Sandbox | Format-List | Out-String
        $text | Should -Match '(?m)^Capabilities\s*:\s*Permissions, Delegates\s*$'
        (Connect-CalendarSharing -Sandbox -Backend Hybrid).Capabilities.ToString() | Should -Be 'Permissions, Delegates, MailboxAccess'
    }

    It 'stops Grant-MailboxAccess on an on-premises connection with the one capability error, naming -ExchangeSession' {
        Connect-CalendarSharing -Sandbox | Out-Null
        $err = $null
        try {
            Grant-MailboxAccess -Mailbox alice@contoso.com -User bob@contoso.com -AccessRight FullAccess -ErrorAction Stop
        }
        catch {
            $err = $_
        }

        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'CapabilityNotAvailable,*'
        $err.ErrorDetails.Message | Should -Match 'cannot grant or revoke Full Access'
        $err.ErrorDetails.Message | Should -Match '-ExchangeSession'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Exchange Online connection'
    }
}

Describe 'A hybrid connection routes delegates and mailbox access per mailbox' {
    It 'Add-MailboxDelegate sends alice to EWS and marie to Graph, and says so on -Verbose' {
        Connect-CalendarSharing -Sandbox -Backend Hybrid | Out-Null
        $rows = @(
            [pscustomobject]@{ Mailbox = 'alice@contoso.com'; Delegate = 'bob@contoso.com'; CalendarRole = 'Editor' }
            [pscustomobject]@{ Mailbox = 'marie@contoso.com'; Delegate = 'bob@contoso.com'; CalendarRole = 'Editor' }
        )
        $output = $rows | Add-MailboxDelegate -Verbose 4>&1
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
        $results = $output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        @($results | Where-Object { $_.Action.ToString() -eq 'Added' }).Mailbox | Sort-Object | Should -Be @('alice@contoso.com', 'marie@contoso.com')
        $verbose | Should -Match 'alice@contoso\.com is on-premises \(its home\): routed to Sandbox https://[^ ]+/EWS/'
        $verbose | Should -Match 'marie@contoso\.com is in Exchange Online \(its home\): routed to Graph https://[^ ]+/v1\.0'
    }

    It 'Get-MailboxDelegate reads each mailbox from its side' {
        Connect-CalendarSharing -Sandbox -Backend Hybrid | Out-Null
        'alice@contoso.com', 'marie@contoso.com' | ForEach-Object { Add-MailboxDelegate -Mailbox $_ -Delegate carol@contoso.com -CalendarRole Editor | Out-Null }

        $verbose = Get-VerboseText { Get-MailboxDelegate -Mailbox alice@contoso.com, marie@contoso.com -Verbose }
        $delegates = Get-MailboxDelegate -Mailbox alice@contoso.com, marie@contoso.com -Delegate carol@contoso.com
        @($delegates).Mailbox | Sort-Object | Should -Be @('alice@contoso.com', 'marie@contoso.com')
        $delegates | ForEach-Object { $_.CalendarRole.ToString() | Should -Be 'Editor' }

        # A connection says where a mailbox goes the first time it routes it.
        $verbose | Should -Not -Match 'routed to'
        $first = Get-VerboseText { Get-MailboxDelegate -Mailbox hans@contoso.com, carol@contoso.com -Verbose }
        $first | Should -Match 'hans@contoso\.com is on-premises \(its home\): routed to Sandbox'
        $first | Should -Match 'carol@contoso\.com is in Exchange Online \(its home\): routed to Graph'
    }

    It 'Get-MailboxAccess lists marie''s Exchange Online rights through the admin API and says alice''s need an Exchange session' {
        Connect-CalendarSharing -Sandbox -Backend Hybrid | Out-Null
        $granting = Get-VerboseText { Grant-MailboxAccess -Mailbox marie@contoso.com -User bob@contoso.com -AccessRight FullAccess -Verbose }
        $granting | Should -Match 'marie@contoso\.com is in Exchange Online \(its home\): routed to Graph'

        $output = Get-MailboxAccess -Mailbox alice@contoso.com, marie@contoso.com -Verbose -WarningVariable warnings 4>&1 3>$null
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
        $grants = $output | Where-Object { $_ -is [CalendarSharing.MailboxAccessGrant] }

        $grants | Where-Object { $_.Mailbox -eq 'marie@contoso.com' -and $_.Kind.ToString() -eq 'FullAccess' } | Should -Not -BeNullOrEmpty
        $grants | Where-Object { $_.Mailbox -eq 'alice@contoso.com' -and $_.Kind.ToString() -eq 'FolderPermission' } | Should -Not -BeNullOrEmpty
        $grants | Where-Object { $_.Mailbox -eq 'alice@contoso.com' -and $_.Kind.ToString() -eq 'FullAccess' } | Should -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match 'alice@contoso\.com'
        ($warnings -join "`n") | Should -Not -Match 'marie@contoso\.com'
        $verbose | Should -Match 'alice@contoso\.com is on-premises \(its home\): routed to Sandbox'
    }

    It 'Grant-MailboxAccess fails only the on-premises row without an Exchange session' {
        Connect-CalendarSharing -Sandbox -Backend Hybrid | Out-Null
        $rows = @(
            [pscustomobject]@{ Mailbox = 'carol@contoso.com'; User = 'bob@contoso.com'; AccessRight = 'FullAccess' }
            [pscustomobject]@{ Mailbox = 'hans@contoso.com'; User = 'bob@contoso.com'; AccessRight = 'FullAccess' }
        )
        $results = $rows | Grant-MailboxAccess -ErrorVariable failed -ErrorAction SilentlyContinue
        ($results | Where-Object Mailbox -EQ 'carol@contoso.com').Action.ToString() | Should -Be 'Added'
        ($results | Where-Object Mailbox -EQ 'hans@contoso.com').Action.ToString() | Should -Be 'Failed'
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ExchangeSessionRequired,*'
        $failed[0].TargetObject.Mailbox | Should -Be 'hans@contoso.com'
    }
}

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Connections are kept per runspace, declare what they can do, and a hybrid connection routes every capability per
# mailbox. Against the packaged module and the sandbox (alice, hans on-premises; carol, marie in Exchange Online in
# the Hybrid topology). What needs Exchange Online runs in a fresh pwsh process (Invoke-FreshPwsh): it loads the Graph
# stack, and Module.Tests.ps1 checks that nothing in this process has.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $script:Manifest = Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1'

    # Runs $Script in a new pwsh with the packaged module imported; what it writes comes back through JSON.
    function Invoke-FreshPwsh([string] $Script) {
        $exe = (Get-Process -Id $PID).Path
        $arguments = @()
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $arguments += Join-Path $PSHOME 'pwsh.dll' }
        $file = Join-Path ([IO.Path]::GetTempPath()) ("cs-connections-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -LiteralPath $file -Value ("`$ErrorActionPreference = 'Stop'`nImport-Module '$script:Manifest'`n& {`n$Script`n} | ConvertTo-Json -Depth 4 -Compress")
        try {
            $json = & $exe @arguments -NoProfile -NonInteractive -File $file 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed: $($json -join "`n")" }
            ($json | Where-Object { $_ -is [string] }) -join "`n" | ConvertFrom-Json
        }
        finally {
            Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
        }
    }
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'Connections per runspace' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
    It 'gives each ForEach-Object -Parallel runspace its own default, and closing one leaves the other' {
        Get-CalendarSharingConnection | Disconnect-CalendarSharing
        $parent = Connect-CalendarSharing -Sandbox

        # Two different sandboxes: only the second has the generated mailbox user0001@contoso.com.
        $barrier = [System.Threading.Barrier]::new(2)
        $results = 1, 2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:Manifest -ErrorAction Stop
            $sync = $using:barrier
            $index = $_
            try {
                $mine = if ($index -eq 1) { Connect-CalendarSharing -Sandbox } else { Connect-CalendarSharing -Sandbox -SandboxMailboxCount 2 }
                $null = $sync.SignalAndWait([TimeSpan]::FromSeconds(60))

                $seen = @(Get-CalendarSharingConnection)
                $default = Get-CalendarSharingConnection -Default
                $generated = $null -ne (Get-CalendarPermission -Mailbox user0001@contoso.com -ErrorAction SilentlyContinue)
                $null = $sync.SignalAndWait([TimeSpan]::FromSeconds(60))

                if ($index -eq 1) { Disconnect-CalendarSharing }
                $null = $sync.SignalAndWait([TimeSpan]::FromSeconds(60))

                $after = Get-CalendarSharingConnection -Default
                # NotConnected stops the command (a terminating error), so ask inside try.
                $stillWorks = try { $null -ne (Get-CalendarPermission -Mailbox alice@contoso.com -ErrorAction Stop) } catch { $_.FullyQualifiedErrorId }
                [pscustomobject]@{
                    Index      = $index
                    Mine       = $mine.Id
                    Seen       = @($seen.Id)
                    Default    = $default.Id
                    Generated  = $generated
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

        # Each runspace sees only the connection it made, as its default, and works on its own sandbox.
        $one.Seen | Should -Be @($one.Mine)
        $two.Seen | Should -Be @($two.Mine)
        $one.Default | Should -Be $one.Mine
        $two.Default | Should -Be $two.Mine
        $one.Generated | Should -BeFalse
        $two.Generated | Should -BeTrue

        # Disconnecting in the first left the second connected and working.
        $one.After | Should -BeNullOrEmpty
        $one.StillWorks | Should -BeLike 'NotConnected,*'
        $two.After | Should -Be $two.Mine
        $two.StillWorks | Should -BeTrue

        # And the parent runspace still has its own default, untouched by either.
        @(Get-CalendarSharingConnection).Id | Should -Be @($parent.Id)
        (Get-CalendarSharingConnection -Default).Id | Should -Be $parent.Id
        $results.Mine | Should -Not -Contain $parent.Id
    }

    It 'Remove-Module in one runspace closes its connections only, and the others can still load what they need' {
        $after = Invoke-FreshPwsh @'
$parent = Connect-CalendarSharing -Sandbox
$manifest = Join-Path (Get-Module CalendarSharing).ModuleBase 'CalendarSharing.psd1'
1 | ForEach-Object -Parallel {
    Import-Module $using:manifest
    Connect-CalendarSharing -Sandbox | Out-Null
    Remove-Module CalendarSharing -ErrorAction Stop
}
[pscustomobject]@{
    ParentStillWorks = $null -ne (Get-CalendarPermission -Mailbox alice@contoso.com -Connection $parent)
    # The first Graph connection loads the Online assembly now, after the other runspace removed the module.
    GraphKind = (Connect-CalendarSharing -Sandbox -Backend Graph).Kind.ToString()
}
'@
        $after.ParentStillWorks | Should -BeTrue
        $after.GraphKind | Should -Be 'Sandbox'
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
        $text | Should -Match '(?m)^Capabilities\s*:\s*Permissions, Delegates, Events, Availability, ChangeFeed, AccessReport, SignInAs, GroupMembership\s*$'
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
    BeforeAll {
        # One fresh process for the whole hybrid scenario; each It checks one part of what it saw.
        $script:Hybrid = Invoke-FreshPwsh @'
function Split-Output($output) {
    [pscustomobject]@{
        Verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
        Objects = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] })
        Warnings = ($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message) -join "`n"
    }
}

$connection = Connect-CalendarSharing -Sandbox -Backend Hybrid
$rows = @(
    [pscustomobject]@{ Mailbox = 'alice@contoso.com'; Delegate = 'bob@contoso.com'; CalendarRole = 'Editor' }
    [pscustomobject]@{ Mailbox = 'marie@contoso.com'; Delegate = 'bob@contoso.com'; CalendarRole = 'Editor' }
)
$add = Split-Output ($rows | Add-MailboxDelegate -Verbose 4>&1)
$get = Split-Output (Get-MailboxDelegate -Mailbox alice@contoso.com, marie@contoso.com, hans@contoso.com, carol@contoso.com -Verbose 4>&1)
$grant = Split-Output (Grant-MailboxAccess -Mailbox carol@contoso.com -User bob@contoso.com -AccessRight FullAccess -Verbose 4>&1)
$failed = $null
$grantOnPremises = @([pscustomobject]@{ Mailbox = 'hans@contoso.com'; User = 'bob@contoso.com'; AccessRight = 'FullAccess' } |
    Grant-MailboxAccess -ErrorVariable failed -ErrorAction SilentlyContinue)
$access = Split-Output (Get-MailboxAccess -Mailbox alice@contoso.com, carol@contoso.com -Verbose 4>&1 3>&1)

# A new hybrid connection routes each mailbox afresh, and says so.
Connect-CalendarSharing -Sandbox -Backend Hybrid | Out-Null
$fresh = Split-Output (Get-MailboxAccess -Mailbox alice@contoso.com, carol@contoso.com -Verbose 4>&1 3>&1)

[pscustomobject]@{
    Capabilities = $connection.Capabilities.ToString()
    AddActions = @($add.Objects | ForEach-Object { "$($_.Mailbox)=$($_.Action)" })
    AddVerbose = $add.Verbose
    Delegates = @($get.Objects | ForEach-Object { "$($_.Mailbox)>$($_.Delegate):$($_.CalendarRole)" })
    GetVerbose = $get.Verbose
    GrantActions = @($grant.Objects | ForEach-Object { "$($_.Mailbox)=$($_.Action)" })
    GrantVerbose = $grant.Verbose
    OnPremisesGrant = @($grantOnPremises | ForEach-Object { "$($_.Mailbox)=$($_.Action)" })
    OnPremisesErrors = @($failed | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.TargetObject.Mailbox)" })
    Grants = @($access.Objects | ForEach-Object { "$($_.Mailbox)|$($_.Kind)|$($_.User)" })
    AccessVerbose = $access.Verbose
    AccessWarnings = $access.Warnings
    FreshVerbose = $fresh.Verbose
}
'@
    }

    It 'has every capability' {
        $Hybrid.Capabilities | Should -Be 'Permissions, Delegates, MailboxAccess, Events, Availability, ChangeFeed, SharingPolicy, Publishing, AccessReport, SignInAs, GroupMembership'
    }

    It 'Add-MailboxDelegate sends alice to EWS and marie to Graph, and says so on -Verbose' {
        $Hybrid.AddActions | Sort-Object | Should -Be @('alice@contoso.com=Added', 'marie@contoso.com=Added')
        $Hybrid.AddVerbose | Should -Match 'alice@contoso\.com is on-premises \(its home\): routed to Sandbox https://[^ ]+/EWS/'
        $Hybrid.AddVerbose | Should -Match 'marie@contoso\.com is in Exchange Online \(its home\): routed to Graph https://[^ ]+/v1\.0'
    }

    It 'Get-MailboxDelegate reads each mailbox from its side, saying where a mailbox goes the first time' {
        $Hybrid.Delegates | Should -Contain 'alice@contoso.com>bob@contoso.com:Editor'
        $Hybrid.Delegates | Should -Contain 'marie@contoso.com>bob@contoso.com:Editor'
        $Hybrid.GetVerbose | Should -Match 'hans@contoso\.com is on-premises \(its home\): routed to Sandbox'
        $Hybrid.GetVerbose | Should -Match 'carol@contoso\.com is in Exchange Online \(its home\): routed to Graph'
    }

    It 'Grant-MailboxAccess runs an Exchange Online mailbox through the admin API and fails only the on-premises row without a session' {
        $Hybrid.GrantActions | Should -Be @('carol@contoso.com=Added')
        $Hybrid.OnPremisesGrant | Should -Be @('hans@contoso.com=Failed')
        $Hybrid.OnPremisesErrors | Should -HaveCount 1
        $Hybrid.OnPremisesErrors[0] | Should -BeLike 'ExchangeSessionRequired,*|hans@contoso.com'
    }

    It 'Get-MailboxAccess lists carol''s Exchange Online rights and says alice''s need an Exchange session' {
        $Hybrid.Grants | Should -Contain 'carol@contoso.com|FullAccess|bob@contoso.com'
        @($Hybrid.Grants | Where-Object { $_ -like 'alice@contoso.com|FolderPermission|*' }) | Should -Not -BeNullOrEmpty
        @($Hybrid.Grants | Where-Object { $_ -like 'alice@contoso.com|FullAccess|*' }) | Should -BeNullOrEmpty
        $Hybrid.AccessWarnings | Should -Match 'alice@contoso\.com'
        $Hybrid.AccessWarnings | Should -Not -Match 'carol@contoso\.com'
        $Hybrid.FreshVerbose | Should -Match 'alice@contoso\.com is on-premises \(its home\): routed to Sandbox'
        $Hybrid.FreshVerbose | Should -Match 'carol@contoso\.com is in Exchange Online \(its home\): routed to Graph'
    }
}

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Publish-Calendar, Unpublish-Calendar, Get-CalendarPublishing and Set-CalendarShare -SendInvitation, typed in the
# packaged module. Exchange Online (the sandbox over Graph and its admin API) runs in a separate PowerShell process (a
# job), so the Graph stack never loads into this one; the on-premises (EWS sandbox) cases run here.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $script:examples = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'examples'
}

Describe 'Publishing in the Graph sandbox' {
    BeforeAll {
        $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory), $examples -ScriptBlock {
            param($testsDir, $moduleDir, $examples)
            $env:CALENDARSHARING_MODULE_DIR = $moduleDir
            . (Join-Path $testsDir 'TestHelpers.ps1')
            Import-PackagedModule
            Connect-CalendarSharing -Sandbox -Backend Graph | Out-Null
            # The seeded default policy has no Anonymous entry: Exchange publishes nothing until it has one.
            $refused = Publish-Calendar alice@contoso.com AvailabilityOnly -ErrorAction SilentlyContinue -ErrorVariable refusedErrors
            Enable-ExternalCalendarSharing -Anonymous -DetailLevel Reviewer | Out-Null
            $whatIf = @(Publish-Calendar alice@contoso.com AvailabilityOnly -From OneWeek -To ThreeMonths -WhatIf)
            $beforeAny = Get-CalendarPublishing alice@contoso.com
            $first = Publish-Calendar alice@contoso.com AvailabilityOnly -From OneWeek -To ThreeMonths
            $second = Publish-Calendar alice@contoso.com AvailabilityOnly -From OneWeek -To ThreeMonths
            $read = Get-CalendarPublishing -Mailbox alice@contoso.com
            $reset = Publish-Calendar -Mailbox alice@contoso.com -ResetUrl
            $csv = @(Import-Csv (Join-Path $examples 'publish.csv') | Publish-Calendar)
            $bad = @([pscustomobject]@{ Mailbox = 'alice@contoso.com'; DetailLevel = 'Everything' }, [pscustomobject]@{ Mailbox = 'marie@contoso.com'; DetailLevel = 'FullDetails' } |
                Publish-Calendar -ErrorAction SilentlyContinue -ErrorVariable problems)
            $removed = Unpublish-Calendar alice@contoso.com -Confirm:$false
            $after = Get-CalendarPublishing alice@contoso.com
            $invited = Set-CalendarShare -Mailbox alice@contoso.com -User partner@fabrikam.com -Role LimitedDetails -SendInvitation
            [pscustomobject]@{
                RefusedAction  = "$($refused.Action)"
                RefusedIds     = @($refusedErrors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] })
                RefusedMessage = "$($refusedErrors[0].Exception.Message)"
                WhatIfCount    = $whatIf.Count
                EnabledBefore  = $beforeAny.Enabled
                FirstAction    = "$($first.Action)"
                FirstIcs       = $first.IcsUrl
                FirstHtml      = $first.HtmlUrl
                SecondAction   = "$($second.Action)"
                ReadEnabled    = $read.Enabled
                ReadLevel      = "$($read.DetailLevel)"
                ReadWindow     = "$($read.From)/$($read.To)"
                ReadIcs        = $read.IcsUrl
                ResetAction    = "$($reset.Action)"
                ResetFlag      = $reset.UrlReset
                ResetIcs       = $reset.IcsUrl
                CsvActions     = @($csv | ForEach-Object { "$($_.Mailbox)=$($_.Action)/$($_.DetailLevel)/$($_.From)/$($_.To)" })
                BadActions     = @($bad | ForEach-Object { "$($_.Row):$($_.Action)" })
                ProblemIds     = @($problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] })
                ProblemTarget  = @($problems | ForEach-Object { "$($_.TargetObject.Mailbox)" })
                RemovedAction  = "$($removed.Action)"
                EnabledAfter   = $after.Enabled
                IcsAfter       = $after.IcsUrl
                InvitedAction  = "$($invited.Action)"
                InvitationSent = $invited.InvitationSent
            }
        }
        $typed = Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop
    }

    It 'refuses to publish while the sharing policy has no Anonymous entry, naming the policy' {
        $typed.RefusedAction | Should -Be 'Failed'
        $typed.RefusedIds | Should -Be @('PublishingNotAllowedBySharingPolicy')
        $typed.RefusedMessage | Should -Match "'Default Sharing Policy' has no Anonymous entry"
    }

    It 'publishes once, with its links, and a second identical run is Unchanged; -WhatIf changes nothing' {
        $typed.WhatIfCount | Should -Be 0
        $typed.EnabledBefore | Should -BeFalse
        $typed.FirstAction | Should -Be 'Added'
        $typed.FirstIcs | Should -Match '^https://.+/owa/calendar/.+/calendar\.ics$'
        $typed.FirstHtml | Should -Match '/calendar\.html$'
        $typed.SecondAction | Should -Be 'Unchanged'
    }

    It 'Get-CalendarPublishing reads the level, the window and the links' {
        $typed.ReadEnabled | Should -BeTrue
        $typed.ReadLevel | Should -Be 'AvailabilityOnly'
        $typed.ReadWindow | Should -Be 'OneWeek/ThreeMonths'
        $typed.ReadIcs | Should -Be $typed.FirstIcs
    }

    It '-ResetUrl gives new links' {
        $typed.ResetAction | Should -Be 'Updated'
        $typed.ResetFlag | Should -BeTrue
        $typed.ResetIcs | Should -Not -Be $typed.FirstIcs
    }

    It 'takes rows from the shipped CSV, and a bad row fails alone with its id and the row as target' {
        $typed.CsvActions | Should -Be @('alice@contoso.com=Updated/LimitedDetails/OneWeek/ThreeMonths', 'hans@contoso.com=Added/AvailabilityOnly/OneDay/OneMonth')
        $typed.BadActions | Should -Be @('1:Failed', '2:Added')
        $typed.ProblemIds | Should -Be @('InvalidDetailLevel')
        $typed.ProblemTarget | Should -Be @('alice@contoso.com')
    }

    It 'Unpublish-Calendar stops publishing and the links are gone' {
        $typed.RemovedAction | Should -Be 'Removed'
        $typed.EnabledAfter | Should -BeFalse
        $typed.IcsAfter | Should -BeNullOrEmpty
    }

    It 'Set-CalendarShare -SendInvitation sends the invitation with a new Exchange Online share' {
        $typed.InvitedAction | Should -Be 'Added'
        $typed.InvitationSent | Should -BeTrue
    }
}

Describe 'Publishing and invitations on premises (the EWS sandbox)' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
    }

    AfterAll {
        Get-CalendarSharingConnection | Disconnect-CalendarSharing
    }

    It 'Publish-Calendar without -ExchangeSession stops with the capability error, naming -ExchangeSession' {
        $err = $null
        try { Publish-Calendar -Mailbox alice@contoso.com -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'CapabilityNotAvailable,*'
        $err.ErrorDetails.RecommendedAction | Should -Match '-ExchangeSession'
    }

    It 'Set-CalendarShare -SendInvitation fails the row with SharingInvitationNotAvailable and changes nothing' {
        $result = Set-CalendarShare -Mailbox alice@contoso.com -User marie@contoso.com -Role Reviewer -SendInvitation -ErrorAction SilentlyContinue -ErrorVariable problems
        "$($result.Action)" | Should -Be 'Failed'
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'SharingInvitationNotAvailable,*'
        "$($problems[0].CategoryInfo.Category)" | Should -Be 'NotImplemented'
        @(Get-CalendarPermission -Mailbox alice@contoso.com -User marie@contoso.com) | Should -BeNullOrEmpty
    }
}

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# External calendar sharing as an admin types it: the sharing-policy cmdlets on the Graph sandbox (the Exchange Online
# admin API, in a job so the Graph stack stays out of this process), the policy check of Set-CalendarShare over a matrix
# of detail levels x domains x policies with and without * and Anonymous, the baselines on purpose-built policies, and
# what an EWS connection says without -ExchangeSession.

BeforeDiscovery {
    # The highest role each policy allows each user, written out by hand. fabrikam.com has its own entry; tailspintoys.com
    # is federated (reached by *); litware.com is not (reached by Anonymous). Narrow has no * and no Anonymous entry.
    $expected = @{
        'Wide|partner@fabrikam.com' = 'LimitedDetails'; 'Wide|dana@tailspintoys.com' = 'AvailabilityOnly'; 'Wide|lee@litware.com' = 'Reviewer'
        'Narrow|partner@fabrikam.com' = 'LimitedDetails'; 'Narrow|dana@tailspintoys.com' = 'None'; 'Narrow|lee@litware.com' = 'None'
    }
    $rank = @{ None = 0; AvailabilityOnly = 1; LimitedDetails = 2; Reviewer = 3 }
    $cases = foreach ($policy in 'Wide', 'Narrow') {
        foreach ($user in 'partner@fabrikam.com', 'dana@tailspintoys.com', 'lee@litware.com') {
            foreach ($role in 'AvailabilityOnly', 'LimitedDetails', 'Reviewer') {
                @{ Policy = $policy; User = $user; Role = $role; Highest = $expected["$policy|$user"]; Allowed = $rank[$role] -le $rank[$expected["$policy|$user"]] }
            }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $examples = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'examples'

    $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory), $examples -ScriptBlock {
        param($testsDir, $moduleDir, $examples)
        $env:CALENDARSHARING_MODULE_DIR = $moduleDir
        . (Join-Path $testsDir 'TestHelpers.ps1')
        Import-PackagedModule
        function Entries { @(Get-CalendarSharingPolicy -Identity 'Default Sharing Policy').Domains | ForEach-Object ToString }
        function WhatIfText([scriptblock] $Command) {
            $file = Join-Path ([IO.Path]::GetTempPath()) "cs-sp-whatif-$([guid]::NewGuid().ToString('n')).txt"
            Start-Transcript -LiteralPath $file | Out-Null
            try { & $Command | Out-Null } finally { Stop-Transcript | Out-Null }
            $text = Get-Content -Raw -LiteralPath $file
            Remove-Item -LiteralPath $file
            $text
        }

        $r = [ordered]@{}
        Connect-CalendarSharing -Sandbox -Backend Graph | Out-Null

        # One domain changed, every other kept; twice is Unchanged.
        Enable-ExternalCalendarSharing -Domain '*' -DetailLevel AvailabilityOnly | Out-Null
        Enable-ExternalCalendarSharing -Anonymous -DetailLevel Reviewer | Out-Null
        $r.Before = Entries
        $r.First = "$((Enable-ExternalCalendarSharing -Domain fabrikam.com -DetailLevel Reviewer).Action)"
        $r.Second = "$((Enable-ExternalCalendarSharing -Domain fabrikam.com -DetailLevel Reviewer).Action)"
        $r.After = Entries
        Enable-ExternalCalendarSharing -Domain fabrikam.com -DetailLevel LimitedDetails | Out-Null
        $r.WhatIfEnable = WhatIfText { Enable-ExternalCalendarSharing -Domain tailspintoys.com -DetailLevel Reviewer -WhatIf }
        $r.AfterWhatIf = Entries

        # The policy check: Wide (fabrikam LimitedDetails, * AvailabilityOnly, Anonymous Reviewer), then Narrow (fabrikam only).
        $matrix = foreach ($policy in 'Wide', 'Narrow') {
            if ($policy -eq 'Narrow') {
                Disable-ExternalCalendarSharing -Domain '*' | Out-Null
                Disable-ExternalCalendarSharing -Anonymous | Out-Null
            }
            $mailboxes = @{ AvailabilityOnly = 'alice@contoso.com'; LimitedDetails = 'bob@contoso.com'; Reviewer = 'carol@contoso.com' }
            foreach ($user in 'partner@fabrikam.com', 'dana@tailspintoys.com', 'lee@litware.com') {
                foreach ($role in 'AvailabilityOnly', 'LimitedDetails', 'Reviewer') {
                    $problems = $null
                    $result = Set-CalendarShare -Mailbox $mailboxes[$role] -User $user -Role $role -ErrorAction SilentlyContinue -ErrorVariable problems
                    [pscustomobject]@{
                        Key = "$policy|$user|$role"; Action = "$($result.Action)"
                        Error = @($problems | ForEach-Object FullyQualifiedErrorId) -join ';'
                        Message = "$problems"; Advice = @($problems | ForEach-Object { $_.ErrorDetails.RecommendedAction }) -join ';'
                    }
                    Remove-CalendarShare -Mailbox $mailboxes[$role] -User $user -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
                }
            }
        }
        $r.Matrix = @($matrix)
        $r.Internal = "$((Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role Editor).Action)"
        Enable-ExternalCalendarSharing -Domain '*' -DetailLevel AvailabilityOnly | Out-Null
        $r.WhatIfShare = WhatIfText { Set-CalendarShare -Mailbox alice@contoso.com -User dana@tailspintoys.com -Role AvailabilityOnly -WhatIf }
        $r.WhatIfShareWrote = @(Get-CalendarPermission -Mailbox alice@contoso.com -User dana@tailspintoys.com).Count

        # Policies and mailboxes.
        $r.New = "$((New-CalendarSharingPolicy -Name Partners -Domain fabrikam.com -DetailLevel Reviewer).Action)"
        $rows = @([pscustomobject]@{ Mailbox = 'alice@contoso.com' }, [pscustomobject]@{ Mailbox = 'nobody@contoso.com' }) + @(Import-Csv (Join-Path $examples 'sales.csv'))
        $problems = $null
        $r.Assign = @($rows | Set-CalendarSharingPolicy -Identity Partners -ErrorAction SilentlyContinue -ErrorVariable problems | ForEach-Object { "$($_.Row):$($_.Mailbox):$($_.Action)" })
        $r.AssignErrors = @($problems | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.TargetObject.Mailbox)" })
        $r.AssignAgain = @(Import-Csv (Join-Path $examples 'sales.csv') | Set-CalendarSharingPolicy -Identity Partners | ForEach-Object { "$($_.Action)" })
        $r.Assigned = @((Get-CalendarSharingPolicy -Identity Partners -IncludeMailboxes).AssignedMailboxes)
        $r.PartnerShare = "$((Set-CalendarShare -Mailbox alice@contoso.com -User partner@fabrikam.com -Role Reviewer).Action)"
        $problems = $null
        Set-CalendarSharingPolicy -Identity Nobody -Enabled $false -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null
        $r.UnknownPolicy = @($problems | ForEach-Object FullyQualifiedErrorId) -join ';'
        $r.Partners = @(Get-CalendarSharingPolicy -Partners | ForEach-Object { "$($_.Domain)|$($_.Mechanism)|$($_.DetailLevel)|$($_.Governs)" })

        # Baselines on purpose-built policies.
        $r.BaselineStar = @(Test-ExternalCalendarSharing | ForEach-Object { "$($_.Id)=$($_.Status)" })
        Disable-ExternalCalendarSharing -Domain '*' | Out-Null
        Set-CalendarSharingPolicy -Identity 'Default Sharing Policy' -Enabled $false | Out-Null
        $r.BaselineClean = @(Test-ExternalCalendarSharing | ForEach-Object { "$($_.Id)=$($_.Status)" })
        $r.DisabledAgain = "$((Set-CalendarSharingPolicy -Identity 'Default Sharing Policy' -Enabled $false).Action)"
        $checks = @(Test-ExternalCalendarSharing)
        $r.Evidence = @($checks | ForEach-Object Evidence)
        [pscustomobject] $r
    }
    $typed = Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'Sharing policy entries' {
    It 'changes one domain and keeps every other domain and ContactsSharing; a second identical run is Unchanged' {
        $typed.Before | Should -Be @('fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing', '*:CalendarSharingFreeBusySimple', 'Anonymous:CalendarSharingFreeBusyReviewer')
        $typed.First | Should -Be 'Updated'
        $typed.Second | Should -Be 'Unchanged'
        $typed.After | Should -Be @('fabrikam.com:CalendarSharingFreeBusyReviewer,ContactsSharing', '*:CalendarSharingFreeBusySimple', 'Anonymous:CalendarSharingFreeBusyReviewer')
    }

    It '-WhatIf shows the whole list it would write and writes nothing' {
        $typed.WhatIfEnable | Should -Match ([regex]::Escape("Share calendars with tailspintoys.com up to Reviewer (Domains: fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing, *:CalendarSharingFreeBusySimple, Anonymous:CalendarSharingFreeBusyReviewer, tailspintoys.com:CalendarSharingFreeBusyReviewer)"))
        $typed.AfterWhatIf | Should -Not -Contain 'tailspintoys.com:CalendarSharingFreeBusyReviewer'
    }
}

Describe 'Set-CalendarShare within the sharing policy' {
    It '<Policy>: <Role> for <User> (the policy allows <Highest>)' -TestCases $cases {
        $Row = $typed.Matrix | Where-Object Key -EQ "$Policy|$User|$Role"
        $Row | Should -Not -BeNullOrEmpty
        if ($Allowed) {
            $Row.Error | Should -BeNullOrEmpty
            $Row.Action | Should -Be 'Added'
        }
        else {
            $Row.Action | Should -Be 'Failed'
            $Row.Error | Should -BeLike 'NotAllowedBySharingPolicy,*'
            $Row.Message | Should -Match "'Default Sharing Policy'"
            $Row.Message | Should -Match ([regex]::Escape(($User -split '@')[1]))
            if ($Highest -ne 'None') {
                $Row.Message | Should -Match "allows at most $Highest for"
                $Row.Advice | Should -Match "^Grant $Highest or less"
            }
            else {
                $Row.Message | Should -Match 'does not share calendars with'
            }
        }
    }

    It 'never checks a share inside the organisation' {
        $typed.Internal | Should -BeIn 'Added', 'Updated'
    }

    It '-WhatIf shows the verdict and writes nothing' {
        $typed.WhatIfShare | Should -Match ([regex]::Escape("Grant AvailabilityOnly to dana@tailspintoys.com (within sharing policy 'Default Sharing Policy': * up to AvailabilityOnly)"))
        $typed.WhatIfShareWrote | Should -Be 0
    }
}

Describe 'Sharing policies and mailboxes' {
    It 'New-CalendarSharingPolicy creates it' {
        $typed.New | Should -Be 'Added'
    }

    It 'Set-CalendarSharingPolicy assigns mailboxes from the pipeline with one result per row and the bad row its error' {
        $typed.Assign | Should -Be @('1:alice@contoso.com:Updated', '3:alice@contoso.com:Unchanged', '4:bob@contoso.com:Updated', '5:hans@contoso.com:Updated')
        $typed.AssignErrors | Should -HaveCount 1
        $typed.AssignErrors[0] | Should -BeLike 'MailboxNotFound,*|nobody@contoso.com'
        $typed.AssignAgain | Should -Be @('Unchanged', 'Unchanged', 'Unchanged')
        $typed.Assigned | Should -Be @('alice@contoso.com', 'bob@contoso.com', 'hans@contoso.com')
    }

    It 'the assigned policy governs the mailbox''s shares' {
        $typed.PartnerShare | Should -Be 'Added'
    }

    It 'an unknown policy is an error with its own id' {
        $typed.UnknownPolicy | Should -BeLike 'SharingPolicyNotFound,*'
    }

    It 'Get-CalendarSharingPolicy -Partners says which mechanism governs each partner domain' {
        $typed.Partners | Should -Contain 'fabrikam.com|OrganizationRelationship|AvailabilityOnly|True'
        $typed.Partners | Should -Contain 'fabrikam.com|SharingPolicy|LimitedDetails|False'
        $typed.Partners | Should -Contain 'fabrikam.com|SharingPolicy|Reviewer|False'
        $typed.Partners | Should -Contain '*|SharingPolicy|AvailabilityOnly|True'
    }
}

Describe 'Test-ExternalCalendarSharing' {
    It 'fails SCuBA on a * entry and CIS on an enabled default policy, and passes both once they are fixed' {
        $typed.BaselineStar | Should -Be @('MS.EXO.6.2v1=Fail', '1.3.3=Fail')
        $typed.BaselineClean | Should -Be @('MS.EXO.6.2v1=Pass', '1.3.3=Pass')
        $typed.DisabledAgain | Should -Be 'Unchanged'
        $typed.Evidence[1] | Should -Match "'Default Sharing Policy' is disabled"
    }
}

Describe 'An EWS connection without -ExchangeSession' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It '<_> stops with the one capability error, naming -ExchangeSession' -ForEach @(
        'Get-CalendarSharingPolicy', 'Test-ExternalCalendarSharing') {
        $err = $null
        try { & $_ -ErrorAction Stop | Out-Null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'CapabilityNotAvailable,*'
        "$err $($err.ErrorDetails.RecommendedAction)" | Should -Match '-ExchangeSession'
    }

    It 'Set-CalendarShare still meets the server''s own sharing policy, with the same id' {
        $problems = $null
        $result = Set-CalendarShare -Mailbox alice@contoso.com -User partner@fabrikam.com -Role Reviewer -ErrorAction SilentlyContinue -ErrorVariable problems
        "$($result.Action)" | Should -Be 'Failed'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotAllowedBySharingPolicy,*'
        (Set-CalendarShare -Mailbox alice@contoso.com -User partner@fabrikam.com -Role LimitedDetails).Action.ToString() | Should -BeIn 'Added', 'Updated'
    }
}

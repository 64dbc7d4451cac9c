#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Get-CalendarAccess through groups, in the packaged module against the EWS sandbox: the seed shares bob's calendar with
# the Sales Team group (sales@contoso.com: carol, and Sales EMEA nested in it, whose member is hans). Live, from a saved
# scan with a connection (the groups are expanded with ExpandDL), and offline (a warning; -Group counts named groups).
# Copy-CalendarAccess leaves group entries alone. The Graph side is covered by xunit (GroupAccessTests).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "cs-access-groups-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $work | Out-Null
    function Format-Reach { process { "$($_.Mailbox)\$($_.Calendar) $($_.Path) $($_.Role) $($_.Via)" } }
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
    if (Test-Path $work) { Remove-Item -Recurse -Force $work }
}

Describe 'Get-CalendarAccess through groups (the EWS sandbox)' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
        $script:state = Join-Path $work 'groups.state'
        Get-CalendarAccessReport -Resume $state | Out-Null
    }

    It 'lists a calendar reached through a group, a nested one too, live and from a saved scan' {
        @(Get-CalendarAccess -User carol@contoso.com | Where-Object Path -EQ Group | Format-Reach) |
            Should -Be 'bob@contoso.com\Calendar Group Reviewer sales@contoso.com'
        $live = @(Get-CalendarAccess -User hans@contoso.com -WarningVariable warned | Where-Object Path -EQ Group | Format-Reach)
        $live | Should -Be 'bob@contoso.com\Calendar Group Reviewer sales@contoso.com' -Because 'hans is in Sales EMEA, a member of Sales Team'
        @($warned) | Should -BeNullOrEmpty
        @(Get-CalendarAccess -User hans@contoso.com -FromReport $state | Where-Object Path -EQ Group | Format-Reach) | Should -Be $live
        @(Get-CalendarAccess -User bob@contoso.com | Where-Object Path -EQ Group) | Should -BeNullOrEmpty -Because 'bob is only in All Staff, which holds no entry'
    }

    It 'Test-CalendarSharing names the group in the chain of reasons' {
        $e = Test-CalendarSharing -Owner bob@contoso.com -Viewer hans@contoso.com
        "$($e.EffectiveRole) $($e.Through)" | Should -Be 'Reviewer Group'
        ($e.Reasons | Where-Object Step -EQ Group).Text | Should -Match 'sales@contoso\.com'
    }

    It 'Copy-CalendarAccess does not copy a group entry: it is not the user''s own' {
        $before = @(Get-CalendarPermission -Mailbox bob@contoso.com | ForEach-Object { "$($_.User) $($_.Role)" })
        Copy-CalendarAccess -From carol@contoso.com -To admin@contoso.com -Confirm:$false | Out-Null
        @(Get-CalendarPermission -Mailbox bob@contoso.com | ForEach-Object { "$($_.User) $($_.Role)" }) | Should -Be $before
        (Get-CalendarPermission -Mailbox alice@contoso.com -User admin@contoso.com).Role.ToString() | Should -Be 'Reviewer' -Because "carol's own entry was copied"
    }

    It 'offline, a saved scan warns that group entries were not checked, and -Group counts the groups named' {
        Get-CalendarSharingConnection | Disconnect-CalendarSharing
        $rows = @(Get-CalendarAccess -User carol@contoso.com -FromReport $state -WarningVariable offline 3>$null)
        $rows | Should -Not -BeNullOrEmpty
        @($rows | Where-Object Path -EQ Group) | Should -BeNullOrEmpty
        ($offline -join "`n") | Should -Match 'sales@contoso\.com'
        ($offline -join "`n") | Should -Match '-Group'
        $named = @(Get-CalendarAccess -User carol@contoso.com -FromReport $state -Group sales@contoso.com -WarningVariable none 3>$null)
        @($named | Where-Object Path -EQ Group | Format-Reach) | Should -Be 'bob@contoso.com\Calendar Group Reviewer sales@contoso.com'
        @($none) | Should -BeNullOrEmpty
    }
}

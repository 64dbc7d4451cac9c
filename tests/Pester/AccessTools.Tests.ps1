#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Test-CalendarSharing, Copy-CalendarAccess, Get-CalendarAccessReport -HtmlPath and names as admins type them, in the
# packaged module: the EWS sandbox here, the Graph sandbox (admin API: sharing policy, relationships) in a separate
# PowerShell process (a job), so the Graph stack never loads into this one. Expected values come from the seed and
# from what each test plants, never from the code under test; the HTML page's counts are read from the DOM headless
# chromium built after the page's own script ran.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "cs-access-tools-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $work | Out-Null

    # "Mailbox\Calendar Principal Role" of every readable grant on every calendar, for before/after comparisons.
    function Get-Grant([string[]] $Except = @()) {
        Get-CalendarAccessReport -IncludeSecondaryCalendars |
            Where-Object { -not $_.ErrorId -and $_.Principal -notin $Except } |
            ForEach-Object { "$($_.Mailbox)\$($_.Calendar) $($_.Principal) $($_.Path) $($_.Role)" } |
            Sort-Object
    }

    # What a user holds of their own on other people's calendars (folder entries and delegate entries).
    function Get-Held([string] $User) {
        Get-CalendarAccess -User $User -IncludeSecondaryCalendars |
            Where-Object Path -In 'FolderEntry', 'Delegate' |
            ForEach-Object { "$($_.Mailbox)\$($_.Calendar) $($_.Path) $($_.Role)" } |
            Sort-Object -Unique
    }

    function Find-Chromium {
        foreach ($name in 'chromium', 'chromium-browser', 'google-chrome') {
            $found = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($found) { return $found.Source }
        }
        throw 'chromium is not installed: the HTML report test needs it (apt-get install chromium; .ci/run installs it when missing).'
    }

    # The DOM after the page's script ran (headless chromium --dump-dom).
    function Get-RenderedDom([string] $Path) {
        $profileDir = Join-Path $work "chromium-$([guid]::NewGuid().ToString('n'))"
        $uri = [System.Uri]::new((Resolve-Path -LiteralPath $Path).ProviderPath).AbsoluteUri
        $dom = & (Find-Chromium) --headless --no-sandbox --disable-gpu --no-first-run "--user-data-dir=$profileDir" --virtual-time-budget=5000 --dump-dom $uri 2>$null
        ($dom -join "`n")
    }

    function Get-Count([string] $Dom, [string] $Id) {
        $m = [regex]::Match($Dom, "id=""$Id"">([^<]*)<")
        if (-not $m.Success) { throw "$Id is not in the rendered page" }
        $m.Groups[1].Value
    }
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
    if (Test-Path $work) { Remove-Item -Recurse -Force $work }
}

Describe 'Test-CalendarSharing on premises (the EWS sandbox)' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
    }

    It 'an insider with an entry of their own: that entry, whatever Default says' {
        $e = Test-CalendarSharing -Owner alice@contoso.com -Viewer carol@contoso.com
        $e.PSObject.TypeNames[0] | Should -Be 'CalendarSharing.CalendarAccessExplanation'
        "$($e.Owner) $($e.Calendar) $($e.Viewer) $($e.EffectiveRole) $($e.Exposure) $($e.Through)" |
            Should -Be 'alice@contoso.com Calendar carol@contoso.com Reviewer Internal FolderEntry'
        ($e.Reasons | Where-Object Step -EQ FolderEntry).Role | Should -Be 'Reviewer'
        $e.Reasons.Step | Should -Not -Contain 'Default'
        $e.Reasons.Step | Should -Not -Contain 'SharingPolicy'
        $e.Reasons[-1].Step | Should -Be 'Effective'
        $e.Reasons[-1].Text | Should -Match 'carol@contoso.com sees Reviewer \(through FolderEntry\)'
    }

    It 'an insider without an entry: the Default entry, and what this connection cannot read says so' {
        $e = Test-CalendarSharing -Owner alice@contoso.com -Viewer bob@contoso.com
        "$($e.EffectiveRole) $($e.Exposure) $($e.Through)" | Should -Be 'AvailabilityOnly Internal Default'
        ($e.Reasons | Where-Object Step -EQ FolderEntry).Role | Should -BeNullOrEmpty
        ($e.Reasons | Where-Object Step -EQ Default).Role | Should -Be 'AvailabilityOnly'
        ($e.Reasons | Where-Object Step -EQ Publishing).Text | Should -Match '^Publishing was not checked: '
        ($e.Reasons | Where-Object Step -EQ FullAccess).Text | Should -Match '^Full Access was not checked: '
    }

    It 'owners and viewers typed as aliases or display names, and one that names nobody is UserNotFound' {
        $byAlias = Test-CalendarSharing -Owner alice -Viewer carol
        $byName = Test-CalendarSharing -Owner 'Alice Anders' -Viewer 'Carol Chen'
        foreach ($e in $byAlias, $byName) {
            "$($e.Owner) $($e.Viewer) $($e.EffectiveRole) $($e.Through)" | Should -Be 'alice@contoso.com carol@contoso.com Reviewer FolderEntry'
        }

        Test-CalendarSharing -Owner alice -Viewer nobody -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound,*'
        $problems[0].Exception.Message | Should -Match "'nobody'"
        Test-CalendarSharing -Owner ghost -Viewer bob -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'MailboxNotFound,*'
    }
}

Describe 'Test-CalendarSharing in Exchange Online (the Graph sandbox): viewers outside, against the sharing policy' {
    BeforeAll {
        $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory) -ScriptBlock {
            param($testsDir, $moduleDir)
            $env:CALENDARSHARING_MODULE_DIR = $moduleDir
            . (Join-Path $testsDir 'TestHelpers.ps1')
            Import-PackagedModule
            Connect-CalendarSharing -Sandbox -Backend Graph | Out-Null
            # The seeded Default Sharing Policy gives fabrikam.com LimitedDetails and has no Anonymous entry; its
            # organisation relationship gives fabrikam.com free/busy (AvailabilityOnly, as alice's Default entry shows it).
            $explain = {
                param($Case, $Viewer)
                $e = Test-CalendarSharing -Owner alice -Viewer $Viewer
                [pscustomobject]@{
                    Case = $Case
                    Line = "$($e.Viewer) $($e.EffectiveRole) $($e.Exposure) $($e.Through)"
                    Steps = @($e.Reasons | ForEach-Object { "$($_.Step)=$($_.Role)" })
                    Policy = ($e.Reasons | Where-Object Step -EQ SharingPolicy).Text
                }
            }
            & $explain 'no entry' 'partner@fabrikam.com'
            & $explain 'outsider' 'lee@litware.com'
            Set-CalendarShare -Mailbox alice@contoso.com -User partner@fabrikam.com -Role LimitedDetails -ErrorAction Stop | Out-Null
            & $explain 'within the policy' 'partner@fabrikam.com'
            # The policy narrows after the share was made: the entry stays on the folder, the policy caps it.
            Enable-ExternalCalendarSharing -Domain fabrikam.com -DetailLevel AvailabilityOnly -ErrorAction Stop | Out-Null
            & $explain 'beyond a narrowed policy' 'partner@fabrikam.com'
        }
        $script:online = @(Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop)
    }

    It 'a partner without an entry: nothing from the folder (Anonymous), free/busy through the organisation relationship' {
        $c = $online | Where-Object Case -EQ 'no entry'
        $c.Line | Should -Be 'partner@fabrikam.com AvailabilityOnly External OrganizationRelationship'
        $c.Steps | Should -Contain 'Anonymous=None'
        $c.Steps | Should -Contain 'OrganizationRelationship=AvailabilityOnly'
    }

    It 'a partner with an entry the policy allows: that entry' {
        $c = $online | Where-Object Case -EQ 'within the policy'
        $c.Line | Should -Be 'partner@fabrikam.com LimitedDetails External FolderEntry'
        $c.Steps | Should -Contain 'FolderEntry=LimitedDetails'
        $c.Steps | Should -Contain 'SharingPolicy=LimitedDetails'
        $c.Policy | Should -Match "'Default Sharing Policy'"
        $c.Policy | Should -Match 'fabrikam\.com'
    }

    It 'a partner whose entry goes beyond a narrowed policy sees only what the policy allows their domain' {
        $c = $online | Where-Object Case -EQ 'beyond a narrowed policy'
        $c.Line | Should -Be 'partner@fabrikam.com AvailabilityOnly External FolderEntry'
        $c.Steps | Should -Contain 'FolderEntry=LimitedDetails'
        $c.Steps | Should -Contain 'SharingPolicy=AvailabilityOnly'
        $c.Policy | Should -Match "The folder's LimitedDetails goes beyond that"
    }

    It 'an outsider without an entry gets the Anonymous entry, capped by a policy without an Anonymous entry' {
        $c = $online | Where-Object Case -EQ 'outsider'
        $c.Line | Should -Be 'lee@litware.com None Anonymous '
        $c.Steps | Should -Contain 'Anonymous=None'
        $c.Steps | Should -Contain 'SharingPolicy=None'
        $c.Steps[-1] | Should -Be 'Effective=None'
    }
}

Describe 'Copy-CalendarAccess (the EWS sandbox)' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
        # bob holds Editor on alice's Team Events (the seed); give him a default-calendar entry and a delegate entry too.
        Set-CalendarShare -Mailbox hans@contoso.com -User bob@contoso.com -Role Reviewer | Out-Null
        Add-MailboxDelegate -Mailbox carol@contoso.com -Delegate bob@contoso.com -CalendarRole Editor -ViewPrivateItems | Out-Null
        $script:bobHolds = @(Get-Held bob@contoso.com)
        $script:thirdParties = @(Get-Grant -Except bob@contoso.com, admin@contoso.com)
    }

    It 'the source holds something to copy, and the target nothing yet' {
        $bobHolds | Should -Contain 'alice@contoso.com\Team Events FolderEntry Editor'
        $bobHolds | Should -Contain 'hans@contoso.com\Kalender FolderEntry Reviewer'
        ($bobHolds -like 'carol@contoso.com\Calendar *') | Should -Not -BeNullOrEmpty
        @(Get-Held admin@contoso.com) | Should -BeNullOrEmpty
    }

    It '-WhatIf shows each copy and writes nothing' {
        $before = @(Get-Grant)
        $delegatesBefore = @(Get-MailboxDelegate -Mailbox carol@contoso.com | ForEach-Object { "$($_.Delegate) $($_.CalendarRole)" })
        Copy-CalendarAccess -From bob -To admin -WhatIf -ErrorAction Stop | Out-Null
        @(Get-Grant) | Should -Be $before
        @(Get-MailboxDelegate -Mailbox carol@contoso.com | ForEach-Object { "$($_.Delegate) $($_.CalendarRole)" }) | Should -Be $delegatesBefore
        @(Get-Held admin@contoso.com) | Should -BeNullOrEmpty
    }

    It 'after the copy (names typed as aliases) the target holds the source''s role on each calendar, and nobody else''s entry changed' {
        $results = @(Copy-CalendarAccess -From bob -To 'Admin' -ErrorAction Stop)
        $results | Should -Not -BeNullOrEmpty
        $results | Where-Object Action -EQ Failed | Should -BeNullOrEmpty

        $adminHolds = @(Get-Held admin@contoso.com)
        $adminHolds | Should -Be $bobHolds
        @(Get-MailboxDelegate -Mailbox carol@contoso.com | Where-Object Delegate -EQ admin@contoso.com).CalendarRole | Should -Be 'Editor'
        @(Get-Held bob@contoso.com) | Should -Be $bobHolds -Because 'without -RemoveSource the source keeps its access'
        @(Get-Grant -Except bob@contoso.com, admin@contoso.com) | Should -Be $thirdParties
    }

    It '-RemoveSource leaves the source none of it, the target all of it, and third parties as they were' {
        Copy-CalendarAccess -From bob@contoso.com -To admin@contoso.com -RemoveSource -Confirm:$false -ErrorAction Stop | Out-Null
        @(Get-Held bob@contoso.com) | Should -BeNullOrEmpty
        @(Get-MailboxDelegate -Mailbox carol@contoso.com | Where-Object Delegate -EQ bob@contoso.com) | Should -BeNullOrEmpty
        @(Get-Held admin@contoso.com) | Should -Be $bobHolds
        @(Get-Grant -Except bob@contoso.com, admin@contoso.com) | Should -Be $thirdParties
    }

    It 'the same user twice, however typed, is CopyAccessSameUser and nothing is read or written' {
        $before = @(Get-Grant)
        Copy-CalendarAccess -From admin -To admin@contoso.com -ErrorAction SilentlyContinue -ErrorVariable same | Should -BeNullOrEmpty
        $same | Should -HaveCount 1
        $same[0].FullyQualifiedErrorId | Should -BeLike 'CopyAccessSameUser,*'
        $same[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-Grant) | Should -Be $before
    }

    It 'a -From or -To that names nobody is UserNotFound, and nothing is written' {
        $before = @(Get-Grant)
        Copy-CalendarAccess -From nobody -To admin -ErrorAction SilentlyContinue -ErrorVariable unknown | Should -BeNullOrEmpty
        $unknown | Should -HaveCount 1
        $unknown[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound,*'
        $unknown[0].TargetObject | Should -Be 'nobody'
        @(Get-Grant) | Should -Be $before
    }
}

Describe 'Get-CalendarAccessReport -HtmlPath (the EWS sandbox)' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
        # Something outside the organisation too: an Anonymous entry (the EWS sandbox reads no sharing policy).
        Set-CalendarShare -Mailbox marie@contoso.com -User Anonymous -Role AvailabilityOnly | Out-Null
    }

    It 'writes one self-contained page whose counts, as chromium renders them, are the rows'' own; the rows still go to the pipeline' {
        $page = Join-Path $work 'exposure.html'
        $rows = @(Get-CalendarAccessReport -IncludeSecondaryCalendars -Mailbox alice@contoso.com, marie@contoso.com, ghost@contoso.com -HtmlPath $page -ErrorAction SilentlyContinue)
        $plain = @(Get-CalendarAccessReport -IncludeSecondaryCalendars -Mailbox alice@contoso.com, marie@contoso.com, ghost@contoso.com -ErrorAction SilentlyContinue)
        ($rows | ConvertTo-Csv) | Should -Be ($plain | ConvertTo-Csv)
        $page | Should -Exist
        Get-Content -Raw $page | Should -Not -Match '(?i)<script[^>]+src=|<link[^>]+href='

        $dom = Get-RenderedDom $page
        $dom | Should -Match 'data-ready="true"' -Because 'the page''s script ran to its end'
        $readable = @($rows | Where-Object { -not $_.ErrorId })
        foreach ($exposure in 'Internal', 'External', 'Anonymous', 'Published') {
            Get-Count $dom "count-$exposure" | Should -Be "$(@($readable | Where-Object Exposure -EQ $exposure).Count)" -Because "$exposure rows"
        }
        @($readable | Where-Object Exposure -EQ Anonymous).Count | Should -BeGreaterOrEqual 1 -Because 'marie''s Anonymous entry is counted'
        Get-Count $dom 'count-Errors' | Should -Be '1'
        Get-Count $dom 'count-Calendars' | Should -Be "$(@($rows | ForEach-Object { "$($_.Mailbox)\$($_.Calendar)" } | Sort-Object -Unique).Count)"
        Get-Count $dom 'shown' | Should -Be "$($rows.Count) of $($rows.Count) row(s)"
    }

    It 'resolves a relative -HtmlPath against the PowerShell location, not the process''s' {
        $folder = Join-Path $work 'relative'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Push-Location $folder
        try {
            Get-CalendarAccessReport -Mailbox alice@contoso.com -HtmlPath ./alice.html | Should -Not -BeNullOrEmpty
        }
        finally { Pop-Location }
        Join-Path $folder 'alice.html' | Should -Exist
        [Environment]::CurrentDirectory | Should -Not -Be $folder
    }

    It '-WhatIf scans and shows the rows, and writes no page' {
        $page = Join-Path $work 'whatif.html'
        $rows = @(Get-CalendarAccessReport -Mailbox alice@contoso.com -HtmlPath $page -WhatIf)
        $rows | Should -Not -BeNullOrEmpty
        $rows[0].Mailbox | Should -Be 'alice@contoso.com'
        $page | Should -Not -Exist
    }

    It 'a page that cannot be written is AccessReportNotWritten, before anything is read; an older page is replaced whole' {
        $missing = Join-Path $work 'no-such-folder/exposure.html'
        $rows = @(Get-CalendarAccessReport -Mailbox alice@contoso.com -HtmlPath $missing -ErrorAction SilentlyContinue -ErrorVariable notWritten)
        $rows | Should -BeNullOrEmpty
        $notWritten | Should -HaveCount 1
        $notWritten[0].FullyQualifiedErrorId | Should -BeLike 'AccessReportNotWritten,*'
        $notWritten[0].CategoryInfo.Category | Should -Be 'WriteError'
        $notWritten[0].TargetObject | Should -Be $missing
        $notWritten[0].Exception.Message | Should -Match 'no-such-folder'

        Get-CalendarAccessReport -Mailbox alice@contoso.com -HtmlPath $work -ErrorAction SilentlyContinue -ErrorVariable isFolder | Out-Null
        $isFolder[0].FullyQualifiedErrorId | Should -BeLike 'AccessReportNotWritten,*'

        $page = Join-Path $work 'replaced.html'
        'old page' | Set-Content $page
        Get-CalendarAccessReport -Mailbox alice@contoso.com -HtmlPath $page | Out-Null
        Get-Content -Raw $page | Should -Match '^<!DOCTYPE html>'
        @(Get-ChildItem $work -Filter '*.tmp' -Force) | Should -BeNullOrEmpty -Because 'no temporary file is left behind'
    }
}

Describe 'Names as admins type them: the report and the reverse view (the EWS sandbox)' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
    }

    It 'Get-CalendarAccessReport -Mailbox takes aliases and display names; one that names no mailbox is a row and MailboxNotFound' {
        $rows = @(Get-CalendarAccessReport -Mailbox alice, 'Hans Müller', ghost -ErrorAction SilentlyContinue -ErrorVariable problems)
        $byAddress = @(Get-CalendarAccessReport -Mailbox alice@contoso.com, hans@contoso.com)
        ($rows | Where-Object { -not $_.ErrorId } | ConvertTo-Csv) | Should -Be ($byAddress | ConvertTo-Csv)
        $ghost = $rows | Where-Object ErrorId
        "$($ghost.Mailbox) $($ghost.ErrorId)" | Should -Be 'ghost MailboxNotFound'
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MailboxNotFound,*'
        $problems[0].TargetObject | Should -Be 'ghost'
    }

    It 'Get-CalendarAccess -User takes an alias or display name, live and from a saved scan' {
        $state = Join-Path $work 'names.state'
        Get-CalendarAccessReport -IncludeSecondaryCalendars -Resume $state | Out-Null
        $byAddress = @(Get-CalendarAccess -User bob@contoso.com -IncludeSecondaryCalendars) | ConvertTo-Csv
        $byAddress | Should -Not -BeNullOrEmpty
        (@(Get-CalendarAccess -User bob -IncludeSecondaryCalendars) | ConvertTo-Csv) | Should -Be $byAddress
        (@(Get-CalendarAccess -User 'Bob Berg' -IncludeSecondaryCalendars) | ConvertTo-Csv) | Should -Be $byAddress
        (@(Get-CalendarAccess -User bob -FromReport $state) | ConvertTo-Csv) | Should -Be $byAddress

        Get-CalendarAccess -User nobody -FromReport $state -ErrorAction SilentlyContinue -ErrorVariable offline | Should -BeNullOrEmpty
        $offline[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound,*'
        Get-CalendarAccess -User nobody -ErrorAction SilentlyContinue -ErrorVariable live | Should -BeNullOrEmpty
        $live[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound,*'
    }
}

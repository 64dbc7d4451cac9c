#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Events and free/busy as a user types them, against the packaged module and the sandbox, on both protocols: the
# EWS sandbox (Connect-CalendarSharing -Sandbox) and the Graph sandbox (-Sandbox -Backend Graph). Each protocol's
# scenario runs in its own PowerShell process (a job), so the Graph stack does not leak into this one. Windows far
# from the seeded week (2027) keep what the scenario writes apart from the seeded events.

BeforeDiscovery {
    $script:protocols = @(
        @{ Protocol = 'EWS'; Backend = 'Ews' }
        @{ Protocol = 'Graph'; Backend = 'Graph' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $script:examples = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'examples'

    $scenario = {
        param($testsDir, $moduleDir, $examples, $backend)
        $env:CALENDARSHARING_MODULE_DIR = $moduleDir
        . (Join-Path $testsDir 'TestHelpers.ps1')
        Import-PackagedModule
        Connect-CalendarSharing -Sandbox -Backend $backend | Out-Null
        $tz = 'Europe/Berlin'
        $book = @{ Mailbox = 'boardroom@contoso.com'; Subject = 'Pester workshop'; Start = '2027-03-01 09:00'; End = '2027-03-01 11:00'; TimeZone = 'W. Europe Standard Time'; ShowAs = 'Busy' }

        $whatIf = @(New-CalendarEvent @book -WhatIf)
        $first = New-CalendarEvent @book
        $again = New-CalendarEvent @book
        $read = @(Get-CalendarEvent -Mailbox boardroom@contoso.com -Start '2027-03-01' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Pester workshop')

        $rows = @(
            [pscustomobject]@{ Mailbox = 'alice@contoso.com'; Subject = 'Elsewhere'; Start = '2027-03-02 09:00'; End = '2027-03-02 10:00'; TimeZone = 'Europe/Berlin'; ShowAs = 'WorkingElsewhere' }
            [pscustomobject]@{ Mailbox = 'alice@contoso.com'; Subject = ''; Start = '2027-03-02 11:00'; TimeZone = 'Europe/Berlin' }
            [pscustomobject]@{ Mailbox = 'alice@contoso.com'; Subject = 'Bad zone'; Start = '2027-03-02 12:00'; TimeZone = 'Mars/Olympus' }
            [pscustomobject]@{ Mailbox = 'alice@contoso.com'; Subject = 'Review'; Start = '2027-03-02 13:00'; End = '2027-03-02 14:00'; TimeZone = 'W. Europe Standard Time'; ShowAs = 'Busy'; Private = 'true' }
        )
        $csv = @($rows | New-CalendarEvent -ErrorAction SilentlyContinue -ErrorVariable csvErrors)
        $rerun = @($rows[0], $rows[3] | New-CalendarEvent)
        $review = @(Get-CalendarEvent -Mailbox alice@contoso.com -Start '2027-03-02' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Review')

        $grid = @(Get-CalendarAvailability -Mailbox alice@contoso.com, nobody@contoso.com -Start '2027-03-02 08:00' -End '2027-03-02 16:00' -IntervalMinutes 60 -TimeZone $tz -ErrorVariable gridErrors)
        $busy = Get-CalendarAvailability -Mailbox alice@contoso.com -Start '2027-03-02 08:00' -End '2027-03-02 16:00' -IntervalMinutes 60 -TimeZone $tz -WorkingElsewhereAs Busy
        $team = @(Import-Csv (Join-Path $examples 'team.csv') | Get-CalendarAvailability -Start '2027-03-02' -Days 1 -IntervalMinutes 30 -TimeZone $tz)
        $slots = @(Find-MeetingTime -Attendee alice@contoso.com -Room boardroom@contoso.com -Duration 60 -Start '2027-03-02 08:00' -End '2027-03-02 16:00' -TimeZone $tz -First 20)

        $secondary = New-CalendarEvent -Mailbox alice@contoso.com -Calendar 'Team Events' -Subject 'Team lunch' -Start '2027-03-03 12:00' -End '2027-03-03 13:00' -TimeZone 'Europe/Berlin'
        $inTeam = @(Get-CalendarEvent -Mailbox 'alice@contoso.com:\Team Events' -Start '2027-03-03' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Team lunch')
        $inDefault = @(Get-CalendarEvent -Mailbox alice@contoso.com -Start '2027-03-03' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Team lunch')
        $kalender = New-CalendarEvent -Mailbox 'hans@contoso.com:\Kalender' -Subject 'Ganztägig' -Start '2027-03-04' -AllDay -TimeZone 'Europe/Berlin'
        $hans = @(Get-CalendarEvent -Mailbox 'hans@contoso.com:\Kalender' -Start '2027-03-04' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Ganztägig')

        $removeWhatIf = @(Get-CalendarEvent -Mailbox boardroom@contoso.com -Start '2027-03-01' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Pester workshop' | Remove-CalendarEvent -WhatIf)
        $removed = @(Get-CalendarEvent -Mailbox boardroom@contoso.com -Start '2027-03-01' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Pester workshop' | Remove-CalendarEvent -Confirm:$false)
        $removedAgain = Remove-CalendarEvent -Mailbox boardroom@contoso.com -Id $first.Id -Confirm:$false
        $left = @(Get-CalendarEvent -Mailbox boardroom@contoso.com -Start '2027-03-01' -Days 1 -TimeZone $tz | Where-Object Subject -EQ 'Pester workshop')

        [pscustomobject]@{
            WhatIf         = $whatIf.Count
            First          = "$($first.Action)"
            Again          = "$($again.Action)"
            SameId         = $first.Id -eq $again.Id
            ReadCount      = $read.Count
            ReadStart      = $read[0].Start.ToString('yyyy-MM-dd HH:mm zzz')
            ReadZone       = $read[0].TimeZone
            CsvActions     = @($csv | ForEach-Object { "$($_.Action)" })
            CsvRows        = @($csv | ForEach-Object { $_.Row })
            CsvErrors      = @($csvErrors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
            CsvErrorRows   = @($csvErrors | ForEach-Object { $_.Exception.Message })
            Rerun          = @($rerun | ForEach-Object { "$($_.Action)" })
            ReviewPrivate  = $review.Count -eq 1 -and $review[0].IsPrivate
            Grids          = @($grid | ForEach-Object { "$($_.Mailbox)=$($_.Status)=$($_.ErrorId)=$($_.Grid)" })
            GridErrors     = @($gridErrors).Count
            BusyGrid       = $busy.Grid
            TeamRows       = @($team | ForEach-Object { "$($_.Row):$($_.Mailbox):$($_.Grid.Length)" })
            Slots          = @($slots | ForEach-Object { "$($_.Rank)|$($_.Start.ToString('HH:mm'))|$($_.End.ToString('HH:mm'))|$($_.Rooms -join ',')" })
            Secondary      = "$($secondary.Action)|$($secondary.Calendar)"
            InTeam         = $inTeam.Count
            InDefault      = $inDefault.Count
            Kalender       = "$($kalender.Action)|$($kalender.Calendar)"
            HansAllDay     = @($hans | ForEach-Object { "$($_.IsAllDay)|$($_.Start.ToString('yyyy-MM-dd HH:mm zzz'))|$($_.End.ToString('yyyy-MM-dd HH:mm zzz'))" })
            RemoveWhatIf   = $removeWhatIf.Count
            Removed        = @($removed | ForEach-Object { "$($_.Action)" })
            RemovedAgain   = "$($removedAgain.Action)"
            Left           = $left.Count
        }
    }

    $script:results = @{}
    foreach ($backend in 'Ews', 'Graph') {
        $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory), $examples, $backend -ScriptBlock $scenario
        $script:results[$backend] = Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop
    }
}

Describe 'Events and free/busy over <Protocol>' -ForEach $protocols {
    BeforeAll { $r = $results[$Backend] }

    It 'New-CalendarEvent: -WhatIf creates nothing, the row creates one event, running it again is Unchanged' {
        $r.WhatIf | Should -Be 0
        $r.First | Should -Be 'Added'
        $r.Again | Should -Be 'Unchanged'
        $r.SameId | Should -BeTrue
        $r.ReadCount | Should -Be 1
    }

    It 'keeps the wall-clock time in the event''s zone and stores the Windows zone name' {
        $r.ReadStart | Should -Be '2027-03-01 09:00 +01:00'
        $r.ReadZone | Should -Be 'W. Europe Standard Time'
    }

    It 'CSV rows: a bad row is an error with its id and row, the good rows still run, and a rerun changes nothing' {
        $r.CsvActions | Should -Be @('Added', 'Failed', 'Failed', 'Added')
        $r.CsvRows | Should -Be @(1, 2, 3, 4)
        $r.CsvErrors | Should -Be @('MissingSubject', 'InvalidTimeZone')
        $r.CsvErrorRows[0] | Should -Match '^Row 2: '
        $r.CsvErrorRows[1] | Should -Match '^Row 3: .*Mars/Olympus'
        $r.Rerun | Should -Be @('Unchanged', 'Unchanged')
        $r.ReviewPrivate | Should -BeTrue
    }

    It 'Get-CalendarAvailability: a grid from the blocks, working elsewhere free by default; a missing mailbox is NoData, not an error' {
        $alice = $r.Grids | Where-Object { $_ -like 'alice@contoso.com=*' }
        $nobody = $r.Grids | Where-Object { $_ -like 'nobody@contoso.com=*' }
        $alice | Should -Match '^alice@contoso\.com=Ok=='
        $grid = ($alice -split '=')[-1]
        $grid.Length | Should -Be 8
        $grid[1] | Should -Be 'w'
        $grid[5] | Should -Be '#'
        $nobody | Should -Be 'nobody@contoso.com=NoData=MailboxNotFound=????????'
        $r.GridErrors | Should -Be 0
    }

    It 'Get-CalendarAvailability -WorkingElsewhereAs Busy shows working elsewhere as busy' {
        $r.BusyGrid[1] | Should -Be '#'
        $r.BusyGrid[5] | Should -Be '#'
    }

    It 'binds mailboxes from a CSV file, one result per row in order' {
        $r.TeamRows | Should -Be @('1:alice@contoso.com:48', '2:bob@contoso.com:48', '3:carol@contoso.com:48', '4:hans@contoso.com:48')
    }

    It 'Find-MeetingTime: ranked slots with a free room, none over a busy hour, working elsewhere free' {
        $r.Slots | Should -Not -BeNullOrEmpty
        @($r.Slots | ForEach-Object { [int]($_ -split '\|')[0] }) | Should -Be (1..$r.Slots.Count)
        foreach ($s in $r.Slots) {
            $parts = $s -split '\|'
            $parts[3] | Should -Be 'boardroom@contoso.com'
            ($parts[1] -lt '14:00' -and $parts[2] -gt '13:00') | Should -BeFalse -Because "$s overlaps Alice's 13:00 review"
        }
        $r.Slots | Where-Object { ($_ -split '\|')[1] -eq '09:00' } | Should -Not -BeNullOrEmpty -Because 'working elsewhere is free'
    }

    It 'writes to a secondary calendar by name, and reads mailbox:\Calendar paths in any language' {
        $r.Secondary | Should -Be 'Added|Team Events'
        $r.InTeam | Should -Be 1
        $r.InDefault | Should -Be 0
        $r.Kalender | Should -Be 'Added|Calendar'
        $r.HansAllDay | Should -Be @('True|2027-03-04 00:00 +01:00|2027-03-05 00:00 +01:00')
    }

    It 'Remove-CalendarEvent: -WhatIf removes nothing, piped events are removed, a missing one is Unchanged' {
        $r.RemoveWhatIf | Should -Be 0
        $r.Removed | Should -Be @('Removed')
        $r.RemovedAgain | Should -Be 'Unchanged'
        $r.Left | Should -Be 0
    }
}

Describe 'Events and free/busy: parameters' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }
    AfterAll { Get-CalendarSharingConnection | Disconnect-CalendarSharing }

    It 'refuses an interval outside 5-1440 minutes before anything runs' {
        { Get-CalendarAvailability -Mailbox alice@contoso.com -IntervalMinutes 4 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'takes -End or -Days, not both' {
        { Get-CalendarEvent -Mailbox alice@contoso.com -End '2027-03-02' -Days 1 } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }

    It 'an unknown time zone is one InvalidTimeZone error naming it' {
        Get-CalendarEvent -Mailbox alice@contoso.com -TimeZone 'Mars/Olympus' -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTimeZone,*'
        $problems[0].Exception.Message | Should -Match 'Mars/Olympus'
    }

    It 'an end before the start is InvalidEventWindow' {
        Get-CalendarAvailability -Mailbox alice@contoso.com -Start '2027-03-02' -End '2027-03-01' -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEventWindow,*'
    }

    It 'a meeting longer than the window is InvalidEventWindow' {
        Find-MeetingTime -Attendee alice@contoso.com -Duration 120 -Start '2027-03-02 09:00' -End '2027-03-02 10:00' -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEventWindow,*'
    }

    It 'completes -TimeZone with Windows and IANA names' {
        $line = 'Get-CalendarAvailability -TimeZone Europe/Ber'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'Europe/Berlin'
        $line = "Find-MeetingTime -TimeZone 'W. Europe"
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain "'W. Europe Standard Time'"
    }

    It 'completes -WorkingElsewhereAs' {
        $line = 'Get-CalendarAvailability -WorkingElsewhereAs B'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Busy')
    }

    It 'many mailboxes over a long window come back one per mailbox, in input order' {
        Connect-CalendarSharing -Sandbox -SandboxMailboxCount 600 | Out-Null
        $many = 600..1 | ForEach-Object { 'user{0:D4}@contoso.com' -f $_ }
        $out = @(Get-CalendarAvailability -Mailbox $many -Start '2027-03-01' -Days 50 -IntervalMinutes 60 -TimeZone UTC)
        $out.Count | Should -Be 600
        @($out.Mailbox) | Should -Be $many
        @($out | Where-Object { $_.Grid.Length -ne 1200 }).Count | Should -Be 0
    }
}

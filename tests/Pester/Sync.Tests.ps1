#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Calendar sync as an admin types it (issue #11's commands), against the packaged module and the sandbox, on both
# protocols: the EWS sandbox and the Graph sandbox. Each protocol's scenario runs in its own PowerShell process (a job),
# so the Graph stack does not leak into this one. Events are booked a few days from now, inside the profile's window.

BeforeDiscovery {
    $script:protocols = @(
        @{ Protocol = 'EWS'; Backend = 'Ews' }
        @{ Protocol = 'Graph'; Backend = 'Graph' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule

    $scenario = {
        param($testsDir, $moduleDir, $backend)
        $env:CALENDARSHARING_MODULE_DIR = $moduleDir
        . (Join-Path $testsDir 'TestHelpers.ps1')
        Import-PackagedModule
        Connect-CalendarSharing -Sandbox -Backend $backend | Out-Null
        $work = Join-Path ([IO.Path]::GetTempPath()) "cs-sync-pester-$([guid]::NewGuid().ToString('n'))"
        $null = New-Item -ItemType Directory -Path $work
        Set-Location $work
        $facts = @{}
        try {
            $day = (Get-Date).Date.AddDays(3)
            $mirrorCount = { param($mailbox, $subject) @(Get-CalendarEvent -Mailbox $mailbox -Start $day.AddDays(-1) -Days 3 | Where-Object Subject -EQ $subject).Count }
            $carolBefore = @(Get-CalendarEvent -Mailbox carol@contoso.com -Start (Get-Date).Date.AddDays(-1) -Days 95).Count

            New-CalendarSyncProfile -Path ./rooms.sync.json -Direction OneWay -Copy Busy -Private Skip `
                -Window (New-TimeSpan -Days 90) -Conflict SourceWins | Out-Null
            @(
                [pscustomobject]@{ Source = 'boardroom@contoso.com'; Target = 'carol@contoso.com'; Copy = '' }
                [pscustomobject]@{ Source = 'alice@contoso.com'; Target = 'marie@contoso.com'; Copy = 'SubjectAndLocation' }
                [pscustomobject]@{ Source = 'bob@contoso.com'; Target = 'not-an-address'; Copy = 'Bussy' }
            ) | Export-Csv ./resources.csv -NoTypeInformation
            $facts.Added = @(Import-Csv ./resources.csv | Add-CalendarSyncPair -Profile ./rooms.sync.json -ErrorAction SilentlyContinue -ErrorVariable addErrors)
            $facts.AddErrors = @($addErrors | ForEach-Object { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = $_.ErrorDetails.Message } })
            $facts.AddedAgain = @(Import-Csv ./resources.csv | Add-CalendarSyncPair -Profile ./rooms.sync.json -ErrorAction SilentlyContinue)
            $facts.Set = @(Set-CalendarSyncPair -Profile ./rooms.sync.json -Source boardroom@contoso.com -Copy SubjectAndLocation)
            $facts.ProfileText = Get-Content -Raw ./rooms.sync.json

            New-CalendarEvent -Mailbox boardroom@contoso.com -Subject 'Pester board meeting' -Start $day.AddHours(10) -End $day.AddHours(11) | Out-Null
            $facts.WhatIf = @(Start-CalendarSync -Profile ./rooms.sync.json -WhatIf)
            $facts.AfterWhatIf = & $mirrorCount carol@contoso.com 'Pester board meeting'
            $facts.First = @(Start-CalendarSync -Profile ./rooms.sync.json)
            $facts.AfterFirst = & $mirrorCount carol@contoso.com 'Pester board meeting'
            $facts.Second = @(Start-CalendarSync -Profile ./rooms.sync.json)
            $facts.Status = @(Get-CalendarSyncStatus -Profile ./rooms.sync.json)
            $facts.Reset = @(Reset-CalendarSync -Profile ./rooms.sync.json -Source boardroom@contoso.com)
            $facts.AfterReset = & $mirrorCount carol@contoso.com 'Pester board meeting'

            # -Continuous until "Ctrl+C": in a runspace of its own (as a console would run it), stopped as the console stops it.
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                    param($manifest, $dir, $backend)
                    Import-Module $manifest
                    Connect-CalendarSharing -Sandbox -Backend $backend | Out-Null
                    Set-Location $dir
                    New-CalendarSyncProfile -Path ./live.sync.json | Out-Null
                    Add-CalendarSyncPair -Profile ./live.sync.json -Source boardroom@contoso.com -Target carol@contoso.com | Out-Null
                    Start-CalendarSync -Profile ./live.sync.json -Continuous -PollInterval (New-TimeSpan -Seconds 1)
                }).AddArgument((Join-Path $moduleDir 'CalendarSharing.psd1')).AddArgument($work).AddArgument($backend)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $null = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            for ($i = 0; $i -lt 600 -and $output.Count -lt 1 -and $ps.InvocationStateInfo.State -eq 'Running'; $i++) { Start-Sleep -Milliseconds 100 }
            # ReadAll, not enumeration: enumerating a PSDataCollection that is still open waits for it to close.
            $facts.ContinuousFirst = @($output.ReadAll() | ForEach-Object { "$($_.Outcome)" })
            $ps.Stop()
            $facts.ContinuousState = "$($ps.InvocationStateInfo.State)"
            $facts.ContinuousErrors = @($ps.Streams.Error.ReadAll() | ForEach-Object { "$_" })
            $ps.Dispose()

            $facts.WhatIfRemove = @(Remove-CalendarSyncCopy -Profile ./rooms.sync.json -Target carol@contoso.com -WhatIf)
            $facts.AfterWhatIfRemove = & $mirrorCount carol@contoso.com 'Pester board meeting'
            $facts.Removed = @(Remove-CalendarSyncCopy -Profile ./rooms.sync.json -Target carol@contoso.com -Force)
            $facts.AfterRemove = & $mirrorCount carol@contoso.com 'Pester board meeting'
            $facts.CarolDelta = @(Get-CalendarEvent -Mailbox carol@contoso.com -Start (Get-Date).Date.AddDays(-1) -Days 95).Count - $carolBefore
            $facts.StatusAfterRemove = @(Get-CalendarSyncStatus -Profile ./rooms.sync.json -Target carol@contoso.com)

            $facts.AdHoc = @(Start-CalendarSync -Source alice@contoso.com -Target hans@contoso.com -Direction TwoWay -StateStore (Join-Path $work 'adhoc'))
            $facts.Missing = try { Get-CalendarSyncStatus -Profile ./none.sync.json -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId }
            '{ "id": "p", "pairs": [ { "source": "a@contoso.com", "target": "b@contoso.com", "password": "x" } ] }' | Set-Content ./bad.sync.json
            $facts.Bad = try { Start-CalendarSync -Profile ./bad.sync.json -ErrorAction Stop; 'no error' } catch { "$($_.FullyQualifiedErrorId)|$($_.ErrorDetails.Message)" }
        }
        finally {
            Set-Location ([IO.Path]::GetTempPath())
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }

        $facts
    }
}

Describe 'Calendar sync over <Protocol>' -ForEach $protocols {
    BeforeAll {
        $job = Start-Job -ScriptBlock $scenario -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory), $Backend
        $script:f = Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop
    }

    It 'adds the CSV''s good rows, names the bad row, and a second run changes nothing' {
        @($f.Added).Count | Should -Be 2
        @($f.Added.Change) | Should -Be @('Added', 'Added')
        $f.AddErrors.Count | Should -Be 1
        $f.AddErrors[0].Id | Should -BeLike 'InvalidSyncPair,*'
        $f.AddErrors[0].Message | Should -Match '^Row 3: bob@contoso.com'
        @($f.AddedAgain.Change) | Should -Be @('Unchanged', 'Unchanged')
        $f.Set[0].Change | Should -Be 'Updated'
        $f.Set[0].Copy | Should -Be 'SubjectAndLocation'
        $f.ProfileText | Should -Not -Match 'password|secret|token'
    }

    It '-WhatIf plans every pair and writes nothing' {
        @($f.WhatIf).Count | Should -Be 2
        @($f.WhatIf.Outcome | Select-Object -Unique) | Should -Be @('Planned')
        $f.AfterWhatIf | Should -Be 0
    }

    It 'one pass makes one copy, one result per pair, and the next pass is up to date' {
        @($f.First).Count | Should -Be 2
        @($f.First.Outcome) | Should -Not -Contain 'Failed'
        $f.AfterFirst | Should -Be 1
        @($f.Second.Outcome | Select-Object -Unique) | Should -Be @('UpToDate')
    }

    It 'the status shows each pair''s last pass and its copies' {
        @($f.Status).Count | Should -Be 2
        ($f.Status | Where-Object Target -EQ 'carol@contoso.com').Copies | Should -BeGreaterThan 0
        @($f.Status.LastOutcome | Select-Object -Unique) | Should -Be @('UpToDate')
    }

    It 'a reset compares everything by stamp and duplicates nothing' {
        $f.Reset[0].FullComparison | Should -BeTrue
        $f.Reset[0].Created | Should -Be 0
        $f.AfterReset | Should -Be 1
    }

    It '-Continuous runs its first pass and stops cleanly when the pipeline is stopped (Ctrl+C)' {
        $f.ContinuousFirst | Should -Contain 'Succeeded'
        $f.ContinuousState | Should -Be 'Stopped'
        $f.ContinuousErrors | Should -BeNullOrEmpty
    }

    It 'Remove-CalendarSyncCopy removes exactly our copies' {
        $f.AfterWhatIfRemove | Should -Be 1
        $f.AfterRemove | Should -Be 0
        $f.CarolDelta | Should -Be 0
        $f.StatusAfterRemove[0].Copies | Should -Be 0
    }

    It 'an ad hoc two-way pair runs without a profile' {
        @($f.AdHoc).Count | Should -Be 1
        $f.AdHoc[0].Outcome | Should -BeIn @('Succeeded', 'UpToDate')
    }

    It 'a profile that is not there or not valid stops with its id, naming the field and the pair' {
        $f.Missing | Should -BeLike 'SyncProfileNotFound,*'
        $f.Bad | Should -BeLike 'InvalidSyncProfile,*'
        $f.Bad | Should -Match 'pair 1 \(a@contoso.com -> b@contoso.com\), pairs\[1\]\.password'
    }
}

Describe 'Profiles that name a stored credential (EWS sandbox)' {
    It 'opens a connection for the run from the stored credential, closes it after, and writes no secret' {
        $scenario = {
            param($testsDir, $moduleDir)
            $env:CALENDARSHARING_MODULE_DIR = $moduleDir
            . (Join-Path $testsDir 'TestHelpers.ps1')
            Import-PackagedModule
            $work = Join-Path ([IO.Path]::GetTempPath()) "cs-sync-cred-$([guid]::NewGuid().ToString('n'))"
            $null = New-Item -ItemType Directory -Path $work
            Set-Location $work
            $env:CALENDARSHARING_CREDENTIAL_PATH = Join-Path $work 'credentials'
            $env:CALENDARSHARING_CREDENTIAL_KEY = [Convert]::ToBase64String([byte[]] (1..32))
            $facts = @{}
            try {
                Connect-CalendarSharing -Sandbox | Out-Null
                $password = ConvertTo-SecureString 'Sandbox!Alice1' -AsPlainText -Force
                Save-CalendarSharingCredential -Name alice-svc -Credential ([pscredential]::new('alice@contoso.com', $password)) | Out-Null
                $day = (Get-Date).Date.AddDays(4)
                New-CalendarEvent -Mailbox alice@contoso.com -Subject 'Stored credential check' -Start $day.AddHours(9) -TimeZone 'UTC' | Out-Null
                New-CalendarSyncProfile -Path ./cred.sync.json -Copy SubjectAndLocation | Out-Null
                Add-CalendarSyncPair -Profile ./cred.sync.json -Source alice@contoso.com -Target carol@contoso.com -SourceConnection alice-svc | Out-Null
                Add-CalendarSyncPair -Profile ./cred.sync.json -Source bob@contoso.com -Target carol@contoso.com -SourceConnection nobody-saved | Out-Null
                $facts.ConnectionsBefore = @(Get-CalendarSharingConnection).Count
                $facts.Run = @(Start-CalendarSync -Profile ./cred.sync.json -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable runErrors)
                $facts.Errors = @($runErrors | ForEach-Object { $_.FullyQualifiedErrorId })
                $facts.ConnectionsAfter = @(Get-CalendarSharingConnection).Count
                $facts.Mirrored = @(Get-CalendarEvent -Mailbox carol@contoso.com -Start $day -Days 1 | Where-Object Subject -EQ 'Stored credential check').Count
                $facts.SecretInFiles = @(Get-ChildItem $work -Recurse -File | Where-Object { $_.FullName -notlike '*credentials*' } |
                    Select-String -SimpleMatch 'Sandbox!Alice1').Count
            } finally {
                Set-Location ([IO.Path]::GetTempPath())
                Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
            }

            [pscustomobject]$facts
        }

        $job = Start-Job -ScriptBlock $scenario -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory)
        $f = Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop
        $alice = @($f.Run | Where-Object Source -EQ 'alice@contoso.com')
        $alice.Count | Should -Be 1
        "$($alice[0].Outcome)" | Should -Be 'Succeeded'
        $alice[0].Created | Should -BeGreaterOrEqual 1
        $f.Mirrored | Should -Be 1
        $bob = @($f.Run | Where-Object Source -EQ 'bob@contoso.com')
        "$($bob.Outcome) $($bob.ErrorId) $($f.Errors -join ' ')" | Should -Match 'SyncConnectionNotFound'
        $f.ConnectionsAfter | Should -Be $f.ConnectionsBefore
        $f.SecretInFiles | Should -Be 0
    }
}

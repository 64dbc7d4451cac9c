#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Get-CalendarAccessReport and Get-CalendarAccess typed in the packaged module: the EWS sandbox here, the Graph sandbox
# (admin API: policy, publishing) in a separate PowerShell process (a job), so the Graph stack never loads into this one.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "cs-access-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $work | Out-Null
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
    if (Test-Path $work) { Remove-Item -Recurse -Force $work }
}

Describe 'Get-CalendarAccessReport on premises (the EWS sandbox)' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
    }

    It 'lists every mailbox''s default calendar with its grants, in the mailbox''s language' {
        $rows = @(Get-CalendarAccessReport)
        $rows | ForEach-Object { $_.PSObject.TypeNames[0] } | Select-Object -Unique | Should -Be 'CalendarSharing.CalendarAccessRow'
        @($rows | Select-Object -ExpandProperty Mailbox -Unique) | Should -Be @('admin@contoso.com', 'alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'hans@contoso.com', 'marie@contoso.com', 'boardroom@contoso.com')
        ($rows | Where-Object Mailbox -EQ 'hans@contoso.com' | Select-Object -First 1).Calendar | Should -Be 'Kalender'
        $marie = $rows | Where-Object Principal -EQ 'marie@contoso.com'
        "$($marie.Role) $($marie.Path) $($marie.Exposure)" | Should -Be 'LimitedDetails FolderEntry Internal'
        @($rows | Where-Object Path -EQ Default).Count | Should -Be 7
    }

    It 'binds Import-Csv rows given to -Mailbox and piped, and an unreadable mailbox is a row and an error' {
        $csv = Join-Path $work 'sales.csv'
        'Mailbox', 'alice@contoso.com', 'ghost@contoso.com' | Set-Content $csv
        $given = @(Get-CalendarAccessReport -Mailbox (Import-Csv $csv) -ErrorAction SilentlyContinue -ErrorVariable problems)
        $piped = @(Import-Csv $csv | Get-CalendarAccessReport -ErrorAction SilentlyContinue)
        ($given | ForEach-Object { "$($_.Mailbox) $($_.Principal) $($_.ErrorId)" }) | Should -Be @('alice@contoso.com Default ', 'alice@contoso.com carol@contoso.com ', 'ghost@contoso.com  MailboxNotFound')
        ($piped | ForEach-Object { "$($_.Mailbox) $($_.Principal) $($_.ErrorId)" }) | Should -Be ($given | ForEach-Object { "$($_.Mailbox) $($_.Principal) $($_.ErrorId)" })
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MailboxNotFound,*'
        $problems[0].TargetObject | Should -Be 'ghost@contoso.com'
        ($given | Where-Object ErrorId).Error | Should -Match 'ghost@contoso.com'
    }

    It '-Resume: a second run reads nothing again and gives the same rows; another setting is refused' {
        $state = Join-Path $work 'scan.state'
        $first = @(Get-CalendarAccessReport -IncludeSecondaryCalendars -Resume $state)
        $second = @(Get-CalendarAccessReport -IncludeSecondaryCalendars -Resume $state -Verbose 4>&1)
        $verbose = @($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $rows = @($second | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        ($rows | ConvertTo-Csv) | Should -Be ($first | ConvertTo-Csv)
        ($verbose.Message -join "`n") | Should -Match '0 read, 7 from the resume file'
        @($first | Where-Object Calendar -EQ 'Team Events').Count | Should -Be 2

        Get-CalendarAccessReport -Resume $state -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'AccessScanStateMismatch,*'
    }

    It 'Get-CalendarAccess: live, from the resume file and from Export-Csv give the same answer' {
        $state = Join-Path $work 'reverse.state'
        $csv = Join-Path $work 'report.csv'
        Get-CalendarAccessReport -IncludeSecondaryCalendars -Resume $state | Export-Csv $csv
        $live = @(Get-CalendarAccess -User bob@contoso.com -IncludeSecondaryCalendars)
        $fromState = @(Get-CalendarAccess -User bob@contoso.com -FromReport $state)
        $fromCsv = @(Get-CalendarAccess -User bob@contoso.com -FromReport $csv)
        $live | Should -HaveCount 7
        ($live | Where-Object Path -NE Default | ForEach-Object { "$($_.Mailbox)\$($_.Calendar) $($_.Role)" }) | Should -Be 'alice@contoso.com\Team Events Editor'
        ($fromState | ConvertTo-Csv) | Should -Be ($live | ConvertTo-Csv)
        ($fromCsv | ConvertTo-Csv) | Should -Be ($live | ConvertTo-Csv)

        $bad = Join-Path $work 'bad.txt'
        'not a report' | Set-Content $bad
        Get-CalendarAccess -User bob@contoso.com -FromReport $bad -ErrorAction SilentlyContinue -ErrorVariable invalid | Should -BeNullOrEmpty
        $invalid[0].FullyQualifiedErrorId | Should -BeLike 'AccessScanFileInvalid,*'
    }
}

Describe 'Get-CalendarAccessReport in Exchange Online (the Graph sandbox)' {
    BeforeAll {
        $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory) -ScriptBlock {
            param($testsDir, $moduleDir)
            $env:CALENDARSHARING_MODULE_DIR = $moduleDir
            . (Join-Path $testsDir 'TestHelpers.ps1')
            Import-PackagedModule
            Connect-CalendarSharing -Sandbox -Backend Graph | Out-Null
            Set-CalendarShare -Mailbox alice@contoso.com -User partner@fabrikam.com -Role LimitedDetails | Out-Null
            # Published while the policy allowed it, then the policy's Anonymous entry was taken away.
            Enable-ExternalCalendarSharing -Anonymous -DetailLevel Reviewer | Out-Null
            Publish-Calendar -Mailbox bob@contoso.com -DetailLevel FullDetails | Out-Null
            Disable-ExternalCalendarSharing -Anonymous -Confirm:$false | Out-Null
            Get-CalendarAccessReport | Where-Object Exposure -NE Internal | ForEach-Object {
                [pscustomobject]@{ Line = "$($_.Mailbox) $($_.Principal) $($_.Path) $($_.Exposure) $($_.Role) $($_.PolicyLimit) $($_.OverPolicy) $($_.Domain)"; Policy = $_.Policy }
            }
        }
        $script:online = @(Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop)
    }

    It 'flags what reaches outside, against the sharing policy in force' {
        $online.Line | Should -Be @(
            'alice@contoso.com partner@fabrikam.com FolderEntry External LimitedDetails LimitedDetails False fabrikam.com'
            'bob@contoso.com Published Publishing Published Reviewer None True ')
        $online.Policy | Select-Object -Unique | Should -Be 'Default Sharing Policy'
    }
}

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

Describe 'What an on-premises scan cannot read, and -ExchangeSession' {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null

        # A real PSSession: a named-pipe runspace into this PowerShell process (the transport Enter-PSHostProcess uses),
        # wrapped as New-PSSession would wrap it. It runs no Exchange cmdlets, as a session whose RBAC roles do not
        # include them has none: whatever the scan sends through it fails there, by name.
        function New-PipeSession {
            [CmdletBinding()] param()
            $info = [System.Management.Automation.Runspaces.NamedPipeConnectionInfo]::new($PID)
            $runspace = [runspacefactory]::CreateRunspace($info)
            $runspace.Open()
            [System.Management.Automation.Runspaces.PSSession]::Create($runspace, 'NamedPipe', $PSCmdlet)
        }
    }

    It 'an EWS connection alone warns once what it did not check, and the rows outside say not checked' {
        $all = @(Get-CalendarAccessReport -Mailbox marie@contoso.com, boardroom@contoso.com -IncludeSecondaryCalendars 3>&1)
        $warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $rows = @($all | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Match 'sharing policy, calendar publishing, Full Access'
        $warnings[0].Message | Should -Match '-ExchangeSession'
        [array]::IndexOf($all, $warnings[0]) | Should -Be 0 -Because 'the warning comes before the rows'
        $outside = @($rows | Where-Object Exposure -NE Internal)
        ($outside | ForEach-Object { "$($_.Mailbox)\$($_.Calendar) $($_.Principal) $($_.Exposure) $($_.Policy) $($_.OverPolicy)" }) | Should -Be @(
            "marie@contoso.com\Congés partner@fabrikam.com External not checked False"
            'boardroom@contoso.com\Calendar Anonymous Anonymous not checked False')
        @($rows | Where-Object Exposure -EQ Published) | Should -BeNullOrEmpty
        @($rows | Where-Object Exposure -EQ Internal | Where-Object Policy) | Should -BeNullOrEmpty
    }

    It 'with -ExchangeSession the policy, publishing and Full Access go through the session' {
        $session = New-PipeSession
        try {
            $session.Availability | Should -Be 'Available'
            $all = @(Get-CalendarAccessReport -Mailbox marie@contoso.com -IncludeSecondaryCalendars -ExchangeSession $session -ErrorAction SilentlyContinue -ErrorVariable problems 3>&1)
            $warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
            $rows = @($all | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })

            # No "not checked" warning: the session was asked, and said why it could not answer.
            $warnings.Message | Should -Not -Match '^Not checked'
            ($warnings.Message -join "`n") | Should -Match "sharing policy of marie@contoso.com could not be read \(Get-SharingPolicy: "
            ($rows | Where-Object Principal -EQ partner@fabrikam.com).Policy | Should -Be 'not checked'
            # Publishing and Full Access were read through it too: their rows carry the session's answer.
            ($rows | Where-Object ErrorId | ForEach-Object { "$($_.Calendar) $($_.Path)" }) | Should -Be @('Calendrier Publishing', 'Calendrier FullAccess', 'Congés Publishing')
            ($rows | Where-Object ErrorId | Select-Object -First 1).Error | Should -Match 'Get-MailboxFolderStatistics'
            ($rows | Where-Object Path -EQ FullAccess).Error | Should -Match 'Get-MailboxPermission'
            $problems | Should -Not -BeNullOrEmpty
        }
        finally {
            Remove-PSSession $session
        }
    }

    It '-ExchangeSession that is closed stops both cmdlets with ExchangeSessionNotAvailable' {
        $session = New-PipeSession
        Remove-PSSession $session
        $session.Availability | Should -Not -Be 'Available'
        foreach ($command in { Get-CalendarAccessReport -Mailbox alice@contoso.com -ExchangeSession $session }, { Test-CalendarSharing -Owner alice -Viewer bob -ExchangeSession $session }) {
            $err = $null
            try { & $command | Out-Null } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'ExchangeSessionNotAvailable,*'
        }
    }

    It 'Test-CalendarSharing -ExchangeSession asks the session for the policy and publishing instead of saying the connection cannot' {
        $without = Test-CalendarSharing -Owner 'marie@contoso.com:\Congés' -Viewer partner@fabrikam.com
        ($without.Reasons | Where-Object Step -EQ SharingPolicy).Text | Should -Match 'this connection cannot read sharing policies'
        $session = New-PipeSession
        try {
            $with = Test-CalendarSharing -Owner 'marie@contoso.com:\Congés' -Viewer partner@fabrikam.com -ExchangeSession $session
            ($with.Reasons | Where-Object Step -EQ SharingPolicy).Text | Should -Match 'Get-SharingPolicy'
            ($with.Reasons | Where-Object Step -EQ Publishing).Text | Should -Match 'Get-MailboxFolderStatistics|Get-MailboxCalendarFolder'
            $with.EffectiveRole.ToString() | Should -Be $without.EffectiveRole.ToString()
        }
        finally {
            Remove-PSSession $session
        }
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

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Every default view in CalendarSharing.format.ps1xml, rendered at 80 columns with real objects from the sandbox
# (the regressions it guards: at 80 columns Role showed as "A…", Set-/Remove-CalendarShare lost Role and PreviousRole,
# Grant-MailboxAccess lost Action, Get-MailboxAccess cut Rights and lost Source, ReceiveMeetingCopies wrapped).

BeforeDiscovery {
    # One case per output type in the format file; the test below fails when a type has no case here.
    $script:cases = @(
        @{ Type = 'CalendarSharing.CalendarPermission'; Important = 'Role' }
        @{ Type = 'CalendarSharing.CalendarShareResult'; Important = 'Action', 'Role', 'PreviousRole' }
        @{ Type = 'CalendarSharing.CalendarSharingConnection'; Important = 'Kind', 'Endpoint', 'IsDefault' }
        @{ Type = 'CalendarSharing.MailboxDelegate'; Important = 'CalendarRole', 'InboxRole' }
        @{ Type = 'CalendarSharing.MailboxDelegateResult'; Important = 'Action'; Multiline = 'Changes' }
        @{ Type = 'CalendarSharing.MailboxAccessGrant'; Important = 'Kind', 'Source'; Multiline = 'Rights' }
        @{ Type = 'CalendarSharing.MailboxAccessResult'; Important = 'AccessRight', 'Action' }
        @{ Type = 'CalendarSharing.StoredCredentialInfo'; Important = 'Name', 'Protection' }
        @{ Type = 'CalendarSharing.ConnectionCheck'; Important = 'Result' }
        @{ Type = 'CalendarSharing.CalendarSharingPolicy'; Important = 'Name', 'Enabled', 'IsDefault' }
        @{ Type = 'CalendarSharing.SharingPolicyDomain'; Important = 'Domain', 'DetailLevel', 'ContactsSharing' }
        @{ Type = 'CalendarSharing.SharingPolicyChange'; Important = 'Setting', 'Action' }
        @{ Type = 'CalendarSharing.SharingPolicyAssignment'; Important = 'Mailbox', 'Policy', 'Action' }
        @{ Type = 'CalendarSharing.ExternalSharingPartner'; Important = 'Mechanism', 'Name', 'DetailLevel' }
        @{ Type = 'CalendarSharing.ExternalSharingCheck'; Important = 'Id', 'Status' }
        @{ Type = 'CalendarSharing.CalendarEvent'; Important = 'ShowAs' }
        @{ Type = 'CalendarSharing.CalendarEventResult'; Important = 'Row', 'Action' }
        @{ Type = 'CalendarSharing.MailboxAvailability'; Important = 'Mailbox' }
        @{ Type = 'CalendarSharing.MeetingTimeSlot'; Important = 'Rank' }
        @{ Type = 'CalendarSharing.CalendarPublishingResult'; Important = 'Action', 'DetailLevel', 'From', 'To' }
        @{ Type = 'CalendarSharing.CalendarPublishing'; Important = 'Enabled', 'DetailLevel', 'From', 'To' }
        @{ Type = 'CalendarSharing.CalendarAccessRow'; Important = 'Path', 'Role', 'Exposure' }
        @{ Type = 'CalendarSharing.SyncProfile'; Important = 'Id' }
        @{ Type = 'CalendarSharing.SyncPairInfo'; Important = 'Change', 'Direction', 'Copy' }
        @{ Type = 'CalendarSharing.SyncPairResult'; Important = 'Outcome', 'Created' }
        @{ Type = 'CalendarSharing.SyncPairStatus'; Important = 'LastOutcome', 'Copies' }
        @{ Type = 'CalendarSharing.CalendarAccessExplanation'; Important = 'Viewer', 'EffectiveRole', 'Through' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule

    $formatFile = Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.format.ps1xml'
    [xml] $format = Get-Content -Raw -LiteralPath $formatFile
    $script:viewTypes = @($format.Configuration.ViewDefinitions.View | ForEach-Object { $_.ViewSelectedBy.TypeName })
    $script:headers = @{}
    # The table of each type (a type may also have a list view, which has no headers).
    foreach ($view in $format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
        $script:headers[$view.ViewSelectedBy.TypeName] = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object Label)
    }

    # Real objects of every type, from the sandbox. Long values on purpose: DelegateCanViewPrivate is the longest
    # role, AvailabilityOnly the longest PreviousRole Default has, a delegate's rights name several folders.
    $objects = @{}
    Connect-CalendarSharing -Sandbox | Out-Null
    $objects['CalendarSharing.CalendarPermission'] = @(
        Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role DelegateCanViewPrivate | Out-Null
        Get-CalendarPermission -Mailbox alice@contoso.com, hans@contoso.com)
    $objects['CalendarSharing.CalendarShareResult'] = @(
        Set-CalendarShare -Mailbox hans@contoso.com -User bob@contoso.com -Role DelegateCanViewPrivate
        Set-CalendarShare -Mailbox alice@contoso.com -User Default -Role PublishingEditor
        Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role Reviewer
        Remove-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Confirm:$false)
    $objects['CalendarSharing.MailboxDelegateResult'] = @(
        Add-MailboxDelegate -Mailbox alice@contoso.com -Delegate carol@contoso.com -CalendarRole Editor -InboxRole Reviewer -ReceiveMeetingCopies -ViewPrivateItems)
    $objects['CalendarSharing.MailboxDelegate'] = @(Get-MailboxDelegate -Mailbox alice@contoso.com, hans@contoso.com)
    $objects['CalendarSharing.MailboxAccessGrant'] = @(Get-MailboxAccess -Mailbox alice@contoso.com -WarningAction SilentlyContinue)

    # Events and free/busy: a long subject, an all-day event in a secondary calendar, a grid of one day and one of two
    # weeks in 15-minute intervals (1,344 characters, cut to fit), a mailbox without free/busy, ranked slots.
    $objects['CalendarSharing.CalendarEventResult'] = @(
        New-CalendarEvent -Mailbox boardroom@contoso.com -Subject 'Quarterly planning with the whole leadership team and our guests from Fabrikam' -Start '2027-02-08 09:00' -End '2027-02-08 11:00' -TimeZone 'Europe/Berlin'
        New-CalendarEvent -Mailbox 'alice@contoso.com:\Team Events' -Subject 'Offsite' -Start '2027-02-09' -AllDay -TimeZone 'Europe/Berlin' -ShowAs WorkingElsewhere)
    $objects['CalendarSharing.CalendarEvent'] = @(
        Get-CalendarEvent -Mailbox boardroom@contoso.com, 'alice@contoso.com:\Team Events' -Start '2027-02-08' -Days 2 -TimeZone 'Europe/Berlin'
        Get-CalendarEvent -Mailbox alice@contoso.com, hans@contoso.com -Start '2026-12-07' -Days 7 -AsSeries)
    $objects['CalendarSharing.MailboxAvailability'] = @(
        Get-CalendarAvailability -Mailbox alice@contoso.com, nobody@contoso.com -Start '2027-02-08' -Days 1 -IntervalMinutes 60 -TimeZone 'Europe/Berlin'
        Get-CalendarAvailability -Mailbox bob@contoso.com, boardroom@contoso.com -Start '2026-12-07' -Days 14 -IntervalMinutes 15 -TimeZone 'Europe/Berlin')
    $objects['CalendarSharing.MeetingTimeSlot'] = @(
        Find-MeetingTime -Attendee alice@contoso.com, bob@contoso.com -Optional carol@contoso.com, hans@contoso.com -Room boardroom@contoso.com -Duration 45 -Start '2026-12-07' -Days 5 -MinimumAttendeePercentage 50 -First 5 -TimeZone 'Europe/Berlin')
    # The access report: a delegate with the longest role, a secondary calendar, a mailbox that cannot be read.
    $objects['CalendarSharing.CalendarAccessRow'] = @(
        Get-CalendarAccessReport -Mailbox alice@contoso.com, hans@contoso.com, ghost@contoso.com -IncludeSecondaryCalendars -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    # Test-CalendarSharing: an own entry on a secondary calendar, the Default entry (and below, over Graph, an outsider
    # whose free/busy comes through the organisation relationship: the longest Through).
    $objects['CalendarSharing.CalendarAccessExplanation'] = @(
        Test-CalendarSharing -Owner 'alice@contoso.com:\Team Events' -Viewer bob@contoso.com
        Test-CalendarSharing -Owner hans@contoso.com -Viewer carol@contoso.com)

    # Mailbox rights need the admin API: the sandbox over Graph has it.
    Connect-CalendarSharing -Sandbox -Backend Graph | Out-Null
    $objects['CalendarSharing.CalendarAccessExplanation'] += @(
        Test-CalendarSharing -Owner alice@contoso.com -Viewer partner@fabrikam.com
        Test-CalendarSharing -Owner alice@contoso.com -Viewer dana.longname@tailspintoys.com)
    $objects['CalendarSharing.MailboxAccessResult'] = @(
        Grant-MailboxAccess -Mailbox alice@contoso.com -User bob@contoso.com -AccessRight SendOnBehalf, FullAccess)
    $objects['CalendarSharing.MailboxAccessGrant'] += @(Get-MailboxAccess -Mailbox alice@contoso.com -WarningAction SilentlyContinue)
    # Publishing needs the admin API too (and a sharing policy with an Anonymous entry); ThreeMonths and LimitedDetails are the longest values.
    Enable-ExternalCalendarSharing -Anonymous -DetailLevel LimitedDetails | Out-Null
    $objects['CalendarSharing.CalendarPublishingResult'] = @(
        Publish-Calendar -Mailbox alice@contoso.com -DetailLevel LimitedDetails -From ThreeMonths -To ThreeMonths
        Publish-Calendar -Mailbox hans@contoso.com -DetailLevel AvailabilityOnly -ResetUrl:$false)
    $objects['CalendarSharing.CalendarPublishing'] = @(Get-CalendarPublishing -Mailbox alice@contoso.com)
    $objects['CalendarSharing.CalendarSharingConnection'] = @(Get-CalendarSharingConnection)
    $objects['CalendarSharing.ConnectionCheck'] = @(Test-CalendarSharingConnection -Sandbox -WarningAction SilentlyContinue)

    # Sharing policies, also through the admin API. Long values on purpose: a domain with contacts, OrganizationRelationship.
    $objects['CalendarSharing.SharingPolicyChange'] = @(
        Enable-ExternalCalendarSharing -Domain tailspintoys.com -DetailLevel AvailabilityOnly
        Enable-ExternalCalendarSharing -Anonymous -DetailLevel LimitedDetails
        New-CalendarSharingPolicy -Name 'Partners with contacts' -Domain fabrikam.com -DetailLevel Reviewer
        Set-CalendarSharingPolicy -Identity 'Partners with contacts' -Default)
    $objects['CalendarSharing.SharingPolicyAssignment'] = @(Set-CalendarSharingPolicy -Identity 'Partners with contacts' -Mailbox alice@contoso.com, hans@contoso.com)
    $objects['CalendarSharing.CalendarSharingPolicy'] = @(Get-CalendarSharingPolicy -IncludeMailboxes)
    $objects['CalendarSharing.SharingPolicyDomain'] = @(Get-CalendarSharingPolicy | ForEach-Object Domains)
    $objects['CalendarSharing.ExternalSharingPartner'] = @(Get-CalendarSharingPolicy -Partners)
    $objects['CalendarSharing.ExternalSharingCheck'] = @(Test-ExternalCalendarSharing)

    # Sync: a profile with a long value in every column (SubjectAndLocation, TwoWay, a long target), a pass, the status.
    $syncFolder = Join-Path ([IO.Path]::GetTempPath()) "cs-views-sync-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $syncFolder
    $syncProfile = Join-Path $syncFolder 'rooms.sync.json'
    $objects['CalendarSharing.SyncProfile'] = @(New-CalendarSyncProfile -Path $syncProfile -Copy SubjectAndLocation)
    $objects['CalendarSharing.SyncPairInfo'] = @(
        Add-CalendarSyncPair -Profile $syncProfile -Source boardroom@contoso.com -Target carol@contoso.com -Direction TwoWay -Window P30D
        Add-CalendarSyncPair -Profile $syncProfile -Source alice@contoso.com -Target marie@contoso.com -Copy Busy)
    $objects['CalendarSharing.SyncPairResult'] = @(Start-CalendarSync -Profile $syncProfile)
    $objects['CalendarSharing.SyncPairStatus'] = @(Get-CalendarSyncStatus -Profile $syncProfile)

    $store = Join-Path ([IO.Path]::GetTempPath()) "cs-views-$([guid]::NewGuid().ToString('n'))"
    $savedKey = $env:CALENDARSHARING_CREDENTIAL_KEY
    if (-not $IsWindows -and -not $env:CALENDARSHARING_CREDENTIAL_KEY) {
        $env:CALENDARSHARING_CREDENTIAL_KEY = [Convert]::ToBase64String((1..32 | ForEach-Object { [byte] $_ }))
    }
    $password = ConvertTo-SecureString 'not-a-real-password' -AsPlainText -Force
    $credential = [pscredential]::new('CONTOSO\service-calendar-sync', $password)
    Save-CalendarSharingCredential -Name contoso-calendar-sync -Credential $credential -Path $store | Out-Null
    $objects['CalendarSharing.StoredCredentialInfo'] = @(Get-CalendarSharingCredential -Path $store)
    $script:objects = $objects

    function Get-Rendered($InputObject, [string] $Format) {
        $text = if ($Format -eq 'List') { $InputObject | Format-List | Out-String -Width 80 } else { $InputObject | Out-String -Width 80 }
        @($text -split '\r?\n')
    }
}

AfterAll {
    if ($store -and (Test-Path $store)) { Remove-Item -Recurse -Force $store }
    if ($syncFolder -and (Test-Path $syncFolder)) { Remove-Item -Recurse -Force $syncFolder }
    $env:CALENDARSHARING_CREDENTIAL_KEY = $savedKey
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'Default views at 80 columns' {
    It 'has a case for every view in the format file' {
        $script:viewTypes | Should -Not -BeNullOrEmpty
        foreach ($type in $script:viewTypes) {
            $type | Should -BeIn $cases.Type -Because "every view is rendered below"
        }
    }

    It '<Type>: real objects of the type' -TestCases $cases {
        $objects[$Type] | Should -Not -BeNullOrEmpty
        $objects[$Type] | Where-Object { $_.PSObject.TypeNames[0] -eq $Type } | Should -Not -BeNullOrEmpty
    }

    It '<Type>: the table is one line a header, no line over 80' -TestCases $cases {
        $items = @($objects[$Type] | Where-Object { $_.PSObject.TypeNames[0] -eq $Type })
        $lines = Get-Rendered $items 'Table'
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because "'$line'" }

        # The headers sit on one line, each whole, followed by the dashes under each of them.
        $labels = $headers[$Type]
        $pattern = '^\s*' + (($labels | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '\s*$'
        $headerLines = @($lines | Where-Object { $_ -match $pattern })
        $headerLines | Should -Not -BeNullOrEmpty -Because "the header '$($labels -join ' ')' is on one line in:`n$($lines -join "`n")"
        $index = [array]::IndexOf($lines, $headerLines[0])
        $lines[$index + 1] | Should -Match ('^\s*' + (($labels | ForEach-Object { '-' * $_.Length }) -join '\s+') + '\s*$')
    }

    It '<Type>: the columns that matter are whole' -TestCases $cases {
        $items = @($objects[$Type] | Where-Object { $_.PSObject.TypeNames[0] -eq $Type })
        $lines = Get-Rendered $items 'Table'
        ($lines -join "`n") | Should -Not -Match '…' -Because "nothing that matters is cut:`n$($lines -join "`n")"
        foreach ($item in $items) {
            foreach ($property in $Important) {
                $value = "$($item.$property)"
                if (-not $value) { continue }
                $lines | Where-Object { $_ -match "(^|\s)$([regex]::Escape($value))(\s|$)" } |
                    Should -Not -BeNullOrEmpty -Because "$property '$value' shows whole"
            }
            foreach ($property in $Multiline) {
                foreach ($part in "$($item.$property)" -split '; |, ' | Where-Object { $_ }) {
                    $lines | Where-Object { $_ -match "(^|\s)$([regex]::Escape($part))(\s|$)" } |
                        Should -Not -BeNullOrEmpty -Because "$property shows '$part' whole, one part a line"
                }
            }
        }
    }

    It '<Type>: Format-List stays within 80 columns too' -TestCases $cases {
        $items = @($objects[$Type] | Where-Object { $_.PSObject.TypeNames[0] -eq $Type })
        $lines = Get-Rendered $items 'List'
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because "'$line'" }
        foreach ($item in $items) {
            foreach ($property in $Important) {
                $value = "$($item.$property)"
                if (-not $value) { continue }
                $lines | Where-Object { $_ -match "^$([regex]::Escape($property))\s*: $([regex]::Escape($value))\s*$" } |
                    Should -Not -BeNullOrEmpty -Because "$property : $value shows whole"
            }
        }
    }

    It 'Test-CalendarSharing | Format-List: every reason whole, each starting a line of its own, within 80 columns' {
        $explanations = @($objects['CalendarSharing.CalendarAccessExplanation'])
        $explanations.Count | Should -BeGreaterOrEqual 4
        foreach ($item in $explanations) {
            $lines = Get-Rendered $item 'List'
            ($lines -join "`n") | Should -Not -Match '…|\{' -Because "no reason is cut off:`n$($lines -join "`n")"
            foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because "'$line'" }

            # Read the Reasons block back: it starts at its label, each further line is indented to the value column, and
            # a reason's own continuation lines are indented two more; joined up they are the reasons, in order.
            $first = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^Reasons\s*: ' })
            $first | Should -BeGreaterOrEqual 0
            $column = $lines[$first].IndexOf(': ') + 2
            $read = [System.Collections.Generic.List[string]]::new()
            $read.Add($lines[$first].Substring($column).TrimEnd())
            for ($i = $first + 1; $i -lt $lines.Count -and $lines[$i].Trim(); $i++) {
                $lines[$i].Substring(0, $column).Trim() | Should -BeNullOrEmpty -Because "'$($lines[$i])' stays in the value column"
                $rest = $lines[$i].Substring($column).TrimEnd()
                if ($rest.StartsWith('  ')) { $read[$read.Count - 1] += ' ' + $rest.Trim() } else { $read.Add($rest) }
            }
            $read | Should -Be @($item.Reasons | ForEach-Object { "$($_.Step): $($_.Text)" })
        }
    }

    It 'Get-CalendarAvailability: a long window is cut to fit and the group header says how long one character is' {
        $long = @($objects['CalendarSharing.MailboxAvailability'] | Where-Object { $_.Grid.Length -eq 1344 })
        $long | Should -HaveCount 2
        $lines = Get-Rendered $long 'Table'
        $lines | Should -Contain '   Availability: 2026-12-07 00:00 - 2026-12-21 00:00, 1 char = 8 h'
        $row = $lines | Where-Object { $_ -like 'bob@contoso.com *' }
        $row.Substring(26).TrimEnd().Length | Should -Be 42
    }

    It 'Set-CalendarShare groups rows under the calendar as the result names it' {
        $lines = Get-Rendered ($objects['CalendarSharing.CalendarShareResult'] | Select-Object -First 1) 'Table'
        $lines | Should -Contain '   Calendar: hans@contoso.com\Kalender'
    }
}

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Exchange's own objects piped in as an admin pipes them: Get-MailboxFolderPermission writes
# Identity 'alias:\Calendar', User as a display name, AccessRights as an array and a delegate as AccessRights Editor
# with SharingPermissionFlags (https://learn.microsoft.com/powershell/module/exchange/get-mailboxfolderpermission).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule

    function Get-Role([string] $Mailbox, [string] $User) {
        $entry = Get-CalendarPermission -Mailbox $Mailbox -User $User
        if ($entry) { $entry.Role.ToString() }
    }

    # What -WhatIf prints goes to the host, not to a stream: a transcript is how a script sees it.
    function Get-WhatIfText([scriptblock] $Command) {
        $file = Join-Path ([IO.Path]::GetTempPath()) "cs-whatif-$([guid]::NewGuid().ToString('n')).txt"
        Start-Transcript -LiteralPath $file | Out-Null
        try { & $Command | Out-Null } finally { Stop-Transcript | Out-Null }
        $text = Get-Content -Raw -LiteralPath $file
        Remove-Item -LiteralPath $file
        $text
    }
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'AccessRights as Exchange writes them' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'binds AccessRights @(''Reviewer'')' {
        $result = [pscustomobject]@{ Identity = 'alice@contoso.com:\Calendar'; User = 'bob@contoso.com'; AccessRights = @('Reviewer') } |
            Set-CalendarShare
        $result.Action.ToString() | Should -Be 'Added'
        $result.Role.ToString() | Should -Be 'Reviewer'
        $result.Row | Should -Be 1
        Get-Role alice@contoso.com bob@contoso.com | Should -Be 'Reviewer'
    }

    It 'binds AccessRights as the ArrayList a remoting session gives' {
        $rights = [System.Collections.ArrayList]::new(); [void] $rights.Add('LimitedDetails')
        $result = [pscustomobject]@{ Identity = 'alice@contoso.com:\Calendar'; User = 'bob@contoso.com'; AccessRights = $rights } |
            Set-CalendarShare
        $result.Role.ToString() | Should -Be 'LimitedDetails'
    }

    It 'reads Editor with SharingPermissionFlags Delegate, CanViewPrivateItems as DelegateCanViewPrivate' {
        $result = [pscustomobject]@{ Identity = 'hans@contoso.com:\Kalender'; User = 'carol@contoso.com'; AccessRights = @('Editor'); SharingPermissionFlags = 'Delegate, CanViewPrivateItems' } |
            Set-CalendarShare
        $result.Role.ToString() | Should -Be 'DelegateCanViewPrivate'
        Get-Role hans@contoso.com carol@contoso.com | Should -Be 'DelegateCanViewPrivate'
    }

    It 'reads Editor with SharingPermissionFlags Delegate as Delegate' {
        $result = Set-CalendarShare -Mailbox alice@contoso.com -User marie@contoso.com -AccessRights Editor -SharingPermissionFlags Delegate
        $result.Role.ToString() | Should -Be 'Delegate'
    }

    It 'gives a row that names two roles its own error, and the other rows still run' {
        $rows = @(
            [pscustomobject]@{ Identity = 'alice@contoso.com:\Calendar'; User = 'carol@contoso.com'; AccessRights = @('Reviewer', 'Editor') }
            [pscustomobject]@{ Identity = 'alice@contoso.com:\Calendar'; User = 'bob@contoso.com'; AccessRights = @('Author') }
        )
        $results = $rows | Set-CalendarShare -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MultipleRoles,*'
        "$problems" | Should -Match '^Row 1: .*Reviewer, Editor'
        $problems[0].TargetObject.User | Should -Be 'carol@contoso.com'
        ($results | Where-Object Row -EQ 2).Action.ToString() | Should -Be 'Updated'
        Get-Role alice@contoso.com carol@contoso.com | Should -Be 'Reviewer'
    }

    It 'numbers rows as they came in, counting a row that fails to bind' {
        $rows = @(
            [pscustomobject]@{ Identity = 'alice@contoso.com'; User = 'bob@contoso.com'; AccessRights = @('Reviewer') }
            [pscustomobject]@{ Identity = 'alice@contoso.com'; AccessRights = @('Reviewer') }
            [pscustomobject]@{ Identity = 'hans@contoso.com'; User = 'bob@contoso.com'; AccessRights = @('Reviewer') }
        )
        $results = $rows | Set-CalendarShare -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectMissingMandatory,*'
        $results.Row | Should -Be @(1, 3)
        ($results | Where-Object Row -EQ 3).Mailbox | Should -Be 'hans@contoso.com'
    }
}

Describe 'Identities as Exchange writes them' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'resolves alice:\Calendar (an alias) through the directory' {
        $result = [pscustomobject]@{ Identity = 'alice:\Calendar'; User = 'bob@contoso.com'; AccessRights = @('Reviewer') } | Set-CalendarShare
        $result.Mailbox | Should -Be 'alice@contoso.com'
        $result.Action.ToString() | Should -Be 'Added'
    }

    It 'resolves a display name, for the mailbox and for the user' {
        $result = [pscustomobject]@{ Identity = 'Alice Anders'; User = 'Carol Chen'; AccessRights = @('Editor') } | Set-CalendarShare
        $result.Mailbox | Should -Be 'alice@contoso.com'
        $result.User | Should -Be 'carol@contoso.com'
        Get-Role alice@contoso.com carol@contoso.com | Should -Be 'Editor'
    }

    It 'reads hans:\Kalender with Get-CalendarPermission' {
        $entries = Get-CalendarPermission -Mailbox 'hans:\Kalender'
        $entries.Mailbox | Select-Object -Unique | Should -Be 'hans@contoso.com'
        $entries.Calendar | Select-Object -Unique | Should -Be 'Kalender'
    }

    It 'removes through an alias' {
        Set-CalendarShare -Mailbox alice@contoso.com -User marie@contoso.com -Role Reviewer | Out-Null
        $result = Remove-CalendarShare -Mailbox 'alice:\Calendar' -User marie@contoso.com -Confirm:$false
        $result.Action.ToString() | Should -Be 'Removed'
        Get-Role alice@contoso.com marie@contoso.com | Should -BeNullOrEmpty
    }

    It 'still reports an alias nobody has as MailboxNotFound, naming what was typed' {
        $null = Get-CalendarPermission -Mailbox 'nobody-at-all:\Calendar' -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MailboxNotFound,*'
        "$($problems[0].TargetObject)" | Should -Match 'nobody-at-all'
    }
}

Describe '-WhatIf says what will happen' {
    BeforeAll { Connect-CalendarSharing -Sandbox | Out-Null }

    It 'Remove-CalendarShare on Default says it sets Default to None, on the calendar as the result names it' {
        $text = Get-WhatIfText { Remove-CalendarShare -Mailbox hans@contoso.com -User Default -WhatIf }
        $text | Should -Match ([regex]::Escape('"Set Default to None" on target "hans@contoso.com\Kalender"'))
        $text | Should -Not -Match 'Remove the calendar permission of Default'
        Get-Role hans@contoso.com Default | Should -Be 'AvailabilityOnly'
    }

    It 'Remove-CalendarShare on Anonymous says it sets Anonymous to None' {
        $text = Get-WhatIfText { Remove-CalendarShare -Mailbox marie@contoso.com -User Anonymous -WhatIf }
        $text | Should -Match ([regex]::Escape('"Set Anonymous to None" on target "marie@contoso.com\Calendrier"'))
    }

    It 'Set-CalendarShare on Default says what Default is set to' {
        $text = Get-WhatIfText { Set-CalendarShare -Mailbox hans@contoso.com -User Default -Role Reviewer -WhatIf }
        $text | Should -Match ([regex]::Escape('"Set Default to Reviewer" on target "hans@contoso.com\Kalender"'))
        Get-Role hans@contoso.com Default | Should -Be 'AvailabilityOnly'
    }

    It 'names a user''s removal and grant as before, on the named calendar' {
        $text = Get-WhatIfText {
            Remove-CalendarShare -Mailbox hans@contoso.com -User marie@contoso.com -WhatIf
            Set-CalendarShare -Mailbox 'hans:\Calendar' -User bob@contoso.com -AccessRights Editor -SharingPermissionFlags Delegate -WhatIf
        }
        $text | Should -Match ([regex]::Escape('"Remove the calendar permission of marie@contoso.com" on target "hans@contoso.com\Kalender"'))
        $text | Should -Match ([regex]::Escape('"Grant Delegate to bob@contoso.com" on target "hans@contoso.com\Kalender"'))
    }
}

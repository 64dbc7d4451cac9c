#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# A mailbox typed as an alias on a Graph connection, and -Mailbox completion from the Graph directory, typed in the
# packaged module. The Graph sandbox runs in a separate PowerShell process (a job), so the Graph stack never loads
# into this one.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
}

Describe 'The directory on a Graph connection' {
    BeforeAll {
        $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory) -ScriptBlock {
            param($testsDir, $moduleDir)
            $env:CALENDARSHARING_MODULE_DIR = $moduleDir
            . (Join-Path $testsDir 'TestHelpers.ps1')
            Import-PackagedModule
            Connect-CalendarSharing -Sandbox -Backend Graph | Out-Null
            $rows = @(Get-CalendarPermission -Mailbox alice)
            $line = "Get-CalendarPermission -Mailbox ali"
            # The prompt waits at most a second for the directory; a slower first answer fills the cache for the next Tab.
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            if (-not ($completion.CompletionMatches.CompletionText -contains 'alice@contoso.com')) {
                Start-Sleep -Seconds 2
                $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            }
            [pscustomobject]@{
                Mailboxes   = @($rows | ForEach-Object { "$($_.Mailbox)" } | Select-Object -Unique)
                Users       = @($rows | ForEach-Object { "$($_.User)" })
                Completions = @($completion.CompletionMatches | ForEach-Object CompletionText)
            }
        }
        $script:graph = $job | Wait-Job | Receive-Job
        $job | Remove-Job
    }

    It 'reads the calendar of a mailbox typed as its alias' {
        $graph.Mailboxes | Should -Be @('alice@contoso.com')
        $graph.Users | Should -Contain 'carol@contoso.com'
    }

    It 'offers the mailboxes a prefix starts on -Mailbox' {
        $graph.Completions | Should -Contain 'alice@contoso.com'
        $graph.Completions | Should -Not -Contain 'bob@contoso.com'
    }
}

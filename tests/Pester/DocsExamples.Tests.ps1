#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Every example of docs/cmdlets/*.md and every powershell block of the README, run as a user would paste it, each in
# a fresh runspace on a fresh sandbox connection. How the pages are read, what the runner provides and how output is
# compared: DocsExamples.Helpers.ps1. An example marked "# Needs: ..." is not run against the sandbox: its commands
# must bind, and one that connects with -EwsUrl must fail against an unreachable server with an error naming it.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'DocsExamples.Helpers.ps1')
    $examples = Get-DocExample
    $toHash = { process { $h = @{}; foreach ($p in $_.PSObject.Properties) { $h[$p.Name] = $p.Value }; $h } }
    $runnable = @($examples | Where-Object { -not $_.Needs } | & $toHash)
    $marked = @($examples | Where-Object { $_.Needs } | & $toHash)
    $unreachable = @($marked | Where-Object { $_.Needs -match "Exchange server" -and $_.Code -match "-EwsUrl\s" -and $_.Code -notmatch "-Credential\s+['A-Z]" })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'DocsExamples.Helpers.ps1')
    Import-PackagedModule
}

Describe 'The examples' {
    It 'are found: every cmdlet page has at least one, and the README has its powershell blocks' {
        $all = Get-DocExample
        $pages = Get-ChildItem (Join-Path $RepositoryRoot 'docs/cmdlets') -Filter '*.md'
        $pages.Count | Should -BeGreaterOrEqual 17
        foreach ($page in $pages) {
            $mine = @($all | Where-Object Source -EQ $page.Name)
            $mine.Title | Should -Not -Contain '(no example)' -Because "$($page.Name) has an EXAMPLES section"
            foreach ($e in $mine) { $e.Steps | Should -Not -BeNullOrEmpty -Because "$($page.Name) '$($e.Title)' has a powershell block" }
        }
        @($all | Where-Object Source -EQ 'README.md').Count | Should -BeGreaterOrEqual 4
    }

    It 'mostly run against the sandbox (a page marks only what needs a real server)' {
        $all = Get-DocExample
        @($all | Where-Object { -not $_.Needs }).Count | Should -BeGreaterThan (@($all | Where-Object Needs).Count)
    }

    It 'compare a command''s output with the page, and catch a difference' {
        Compare-ExampleOutput -Expected @('Row  Mailbox', '  1  alice@contoso.com  Added') -Actual @('', 'Row Mailbox', '1 alice@contoso.com Added', '') |
            Should -BeNullOrEmpty
        Compare-ExampleOutput -Expected @('1 alice Added Calendar…') -Actual @('1 alice Added CalendarRole Editor') | Should -BeNullOrEmpty
        Compare-ExampleOutput -Expected @('1 alice Added') -Actual @('1 alice Unchanged') | Should -Not -BeNullOrEmpty
        Compare-ExampleOutput -Expected @('1 alice Added') -Actual @('1 alice Added', '2 bob Added') | Should -Not -BeNullOrEmpty
    }

    It 'split a prompt block into commands and the output shown after each' {
        $steps = ConvertTo-ExampleStep @('PS C:\> Get-Thing -A 1 |', '    Where-Object B', '', 'Out', 'PS C:\> try {', '>>   1', '>> } finally { }', 'PS C:\> $x = 1')
        $steps.Count | Should -Be 3
        $steps[0].Command | Should -Be "Get-Thing -A 1 |`n    Where-Object B"
        $steps[0].Expected | Should -Be @('', 'Out')
        $steps[1].Command | Should -Be "try {`n  1`n} finally { }"
        $steps[2].Expected | Should -BeNullOrEmpty
    }
}

Describe 'The runnable examples' {
    BeforeAll {
        # They run in a separate PowerShell process (a job), so what they load (the Graph stack of the -Backend Graph
        # examples) does not leak into this one, whose other test files check what an on-premises session loads.
        $job = Start-Job -ArgumentList $PSScriptRoot, (Get-PackagedModuleDirectory) -ScriptBlock {
            param($testsDir, $moduleDir)
            $env:CALENDARSHARING_MODULE_DIR = $moduleDir
            . (Join-Path $testsDir 'TestHelpers.ps1')
            . (Join-Path $testsDir 'DocsExamples.Helpers.ps1')
            Import-PackagedModule
            foreach ($e in Get-DocExample | Where-Object { -not $_.Needs }) {
                $problems = try { Invoke-DocExample -Example $e } catch { "the runner failed: $_" }
                [pscustomobject]@{ Key = "$($e.Source)|$($e.Title)"; Problems = @($problems) -join "`n`n" }
            }
        }
        $results = @{}
        foreach ($r in Receive-Job $job -Wait -AutoRemoveJob -ErrorAction Stop) { $results[$r.Key] = $r.Problems }
    }

    Context 'Example <Title> of <Source>' -ForEach $runnable {
        It 'runs against the sandbox as the page shows' {
            $results.ContainsKey("$Source|$Title") | Should -BeTrue -Because 'the example ran'
            $results["$Source|$Title"] | Should -BeNullOrEmpty
        }
    }
}

Describe 'Example <Title> of <Source>, which needs <Needs>' -ForEach $marked {
    It 'binds the parameters of every command' {
        $problems = Test-ExampleBinding -Example $_
        $problems -join "`n" | Should -BeNullOrEmpty
    }
}

Describe 'Example <Title> of <Source>, against an unreachable server' -ForEach $unreachable {
    It 'fails with an error that names the server, not a parameter error' {
        $server = 'https://127.0.0.1:9/EWS/Exchange.asmx'
        $ps = New-ExampleRunspace -Location ([IO.Path]::GetTempPath()) -NoSandbox
        try {
            $runs = foreach ($step in $_.Steps) {
                $command = $step.Command -replace '-EwsUrl\s+\S+', "-EwsUrl $server"
                Invoke-ExampleStep -PowerShell $ps -Command $command
            }
        }
        finally { $ps.Dispose() }

        # Connect-CalendarSharing fails with an error; Test-CalendarSharingConnection writes its failed checks.
        $ours = @($runs.Errors | Where-Object { $_.InvocationInfo.MyCommand.ModuleName -eq 'CalendarSharing' })
        ($ours.Count + @($runs.Lines -match '127\.0\.0\.1:9').Count) | Should -BeGreaterThan 0 -Because 'connecting to a closed port fails'
        foreach ($e in $ours) {
            $e.Exception | Should -Not -BeOfType ([System.Management.Automation.ParameterBindingException])
            $e.Exception.Message | Should -Match '127\.0\.0\.1:9'
        }
    }
}

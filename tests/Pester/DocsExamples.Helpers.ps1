# Dot-sourced by DocsExamples.Tests.ps1 (in discovery and in the run): reads the examples of docs/cmdlets/*.md and
# the README's powershell blocks, and runs one example in a fresh runspace on a fresh sandbox connection.
#
# How a page's example is read (the platyPS layout the pages use):
# - "## EXAMPLES", then "### Example N: title" and one ```powershell block (the one Get-Help shows).
# - A line starting with a prompt ("PS C:\> ") starts a command; the lines after it belong to the command while it
#   is incomplete PowerShell (a trailing backtick or pipe, an open brace) or start with ">> ". Every other line up to
#   the next prompt is the output the page shows for that command. A command the page shows output for is compared
#   with what it writes (rendered as the console renders it at 120 columns: tables, then "WARNING: ", "VERBOSE: "
#   and "<Cmdlet>: <message>" lines for warnings, verbose messages and errors), with whitespace normalised and blank
#   lines dropped; an expected line that ends in "..." or "…" matches any line that starts with the text before it.
# - A block without prompts (the README) is one script with no output shown.
# - A line "# Needs: <what>" (with or without a prompt) marks an example that needs a real server, tenant or session;
#   it is not run against the sandbox: each of its commands must bind its parameters (StaticParameterBinder), and
#   one that connects with -EwsUrl (and a PSCredential, not a user name PowerShell would prompt for) is run against
#   an unreachable server on 127.0.0.1, and what it reports must name that server.
#
# What the runner provides to every runnable example: a fresh runspace with the packaged module imported and
# Connect-CalendarSharing -Sandbox done, its location a new temporary folder holding a copy of examples/*.csv, the
# credential store in a new temporary folder (CALENDARSHARING_CREDENTIAL_PATH, and a fresh
# CALENDARSHARING_CREDENTIAL_KEY), and answers for prompts: Get-Credential returns the sandbox password of the user
# (Sandbox!Alice1 for alice, CONTOSO\alice or alice@contoso.com), Read-Host the text in parentheses of its prompt;
# SecretManagement's Get-Secret returns such a credential and Set-Secret keeps nothing.
# Any error an example writes that its page does not show fails it, and so does a confirmation prompt.

$script:RepositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$script:NeedsPattern = '^\s*(?:PS [^>\r\n]*>\s*)?#\s*Needs:\s*(?<what>.+?)\s*$'
$script:PromptPattern = '^PS [^>\r\n]*> ?'

function Test-IncompleteScript([string] $Text) {
    $errors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $null, [ref] $errors)
    [bool] ($errors | Where-Object IncompleteInput)
}

function ConvertTo-ExampleStep {
    <# Splits a code block into commands and the output shown after each. #>
    param([string[]] $Lines)

    $steps = [System.Collections.Generic.List[object]]::new()
    if (-not ($Lines | Where-Object { $_ -match $script:PromptPattern })) {
        $script = ($Lines | Where-Object { $_ -notmatch $script:NeedsPattern }) -join "`n"
        $steps.Add([pscustomobject]@{ Command = $script; Expected = @() })
        return , $steps.ToArray()
    }

    $Lines = @($Lines | Where-Object { $_ -notmatch $script:NeedsPattern })
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        if ($line -notmatch $script:PromptPattern) {
            if ($steps.Count -eq 0 -and $line.Trim()) { throw "Output before the first prompt: '$line'" }
            if ($steps.Count -gt 0) { $steps[-1].Expected += $line }
            $i++
            continue
        }

        $command = $line -replace $script:PromptPattern, ''
        $i++
        while ($i -lt $Lines.Count -and ($Lines[$i] -match '^>>' -or ((Test-IncompleteScript $command) -and $Lines[$i] -notmatch $script:PromptPattern))) {
            $command += "`n" + ($Lines[$i] -replace '^>> ?', '')
            $i++
        }

        if ($command -match $script:NeedsPattern) { continue }
        $steps.Add([pscustomobject]@{ Command = $command; Expected = @() })
    }

    , $steps.ToArray()
}

function Get-DocExample {
    <# Every example of every page in docs/cmdlets, then every powershell block of the README. #>
    $result = [System.Collections.Generic.List[object]]::new()
    foreach ($page in Get-ChildItem (Join-Path $script:RepositoryRoot 'docs/cmdlets') -Filter '*.md' | Sort-Object Name) {
        $text = (Get-Content -Raw -LiteralPath $page.FullName) -replace "`r`n", "`n"
        $section = [regex]::Match($text, '(?ms)^## EXAMPLES\s*$(.*?)(?=^## )').Groups[1].Value
        $examples = [regex]::Matches($section, '(?ms)^### (?<title>[^\n]+)\n(?<body>.*?)(?=^### |\z)')
        if ($examples.Count -eq 0) {
            $result.Add([pscustomobject]@{ Source = $page.Name; Title = '(no example)'; Needs = $null; Code = ''; Steps = @() })
            continue
        }

        foreach ($example in $examples) {
            $code = [regex]::Match($example.Groups['body'].Value, '(?ms)^```powershell\n(.*?)\n```')
            $lines = if ($code.Success) { $code.Groups[1].Value -split "`n" } else { @() }
            $needs = $lines | ForEach-Object { if ($_ -match $script:NeedsPattern) { $Matches.what } } | Select-Object -First 1
            $result.Add([pscustomobject]@{
                    Source = $page.Name
                    Title  = $example.Groups['title'].Value.Trim()
                    Needs  = $needs
                    Code   = ($lines | Where-Object { $_ -notmatch $script:NeedsPattern } | ForEach-Object { $_ -replace $script:PromptPattern, '' }) -join "`n"
                    Steps  = if ($code.Success) { ConvertTo-ExampleStep $lines } else { @() }
                })
        }
    }

    $readme = (Get-Content -Raw -LiteralPath (Join-Path $script:RepositoryRoot 'README.md')) -replace "`r`n", "`n"
    $heading = '(top)'
    $n = 0
    foreach ($match in [regex]::Matches($readme, '(?ms)^(?:## (?<heading>[^\n]+)|```powershell\n(?<code>.*?)\n```)')) {
        if ($match.Groups['heading'].Success) { $heading = $match.Groups['heading'].Value.Trim(); continue }
        $n++
        $lines = $match.Groups['code'].Value -split "`n"
        $needs = $lines | ForEach-Object { if ($_ -match $script:NeedsPattern) { $Matches.what } } | Select-Object -First 1
        $result.Add([pscustomobject]@{
                Source = 'README.md'
                Title  = "block $n ($heading)"
                Needs  = $needs
                Code   = ($lines | Where-Object { $_ -notmatch $script:NeedsPattern }) -join "`n"
                Steps  = ConvertTo-ExampleStep $lines
            })
    }

    $result.ToArray()
}

function ConvertTo-NormalizedLine([string[]] $Lines) {
    foreach ($line in $Lines) {
        $l = ($line -replace '\s+', ' ').Trim() -replace '…', '...'
        if ($l) { $l }
    }
}

function Compare-ExampleOutput {
    <# $null when the actual lines match the expected ones, else a message showing both. #>
    param([string[]] $Expected, [string[]] $Actual)
    $e = @(ConvertTo-NormalizedLine $Expected)
    $a = @(ConvertTo-NormalizedLine $Actual)
    $same = $e.Count -eq $a.Count
    for ($i = 0; $same -and $i -lt $e.Count; $i++) {
        if ($e[$i].EndsWith('...')) {
            $same = $a[$i].StartsWith($e[$i].Substring(0, $e[$i].Length - 3).TrimEnd())
        }
        else {
            $same = $a[$i] -ceq $e[$i]
        }
    }

    if ($same) { return $null }
    "the page shows:`n    $($e -join "`n    ")`nbut the command wrote:`n    $($a -join "`n    ")"
}

$script:RunspaceSetup = @'
function global:Get-Credential {
    param([Parameter(Position = 0)] [string] $UserName = 'CONTOSO\admin', [string] $Message, [string] $Title)
    $name = ($UserName -split '\\')[-1] -replace '@.*$', ''
    $password = 'Sandbox!' + $name.Substring(0, 1).ToUpperInvariant() + $name.Substring(1).ToLowerInvariant() + '1'
    [pscredential]::new($UserName, (ConvertTo-SecureString $password -AsPlainText -Force))
}
function global:Read-Host {
    param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
    $answer = if ("$Prompt" -match '\((?<a>[^)]+)\)') { $Matches.a } else { 'answer' }
    if ($AsSecureString) { ConvertTo-SecureString $answer -AsPlainText -Force } else { $answer }
}
function global:Get-Secret { param([Parameter(Position = 0)] [string] $Name) Get-Credential "CONTOSO\$Name" }
function global:Set-Secret { param([string] $Name, [object] $Secret) }
function global:__Render([object[]] $Records) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $batch = [System.Collections.Generic.List[object]]::new()
    $flush = {
        if ($batch.Count) {
            foreach ($l in (($batch | Out-String -Width 120) -split '\r?\n')) { $lines.Add($l) }
            $batch.Clear()
        }
    }
    foreach ($r in $Records) {
        if ($r -is [System.Management.Automation.WarningRecord]) { & $flush; $lines.Add("WARNING: $($r.Message)") }
        elseif ($r -is [System.Management.Automation.VerboseRecord]) { & $flush; $lines.Add("VERBOSE: $($r.Message)") }
        elseif ($r -is [System.Management.Automation.DebugRecord]) { & $flush; $lines.Add("DEBUG: $($r.Message)") }
        elseif ($r -is [System.Management.Automation.InformationRecord]) { & $flush; $lines.Add("$($r.MessageData)") }
        elseif ($r -is [System.Management.Automation.ErrorRecord]) {
            & $flush
            $name = if ($r.InvocationInfo -and $r.InvocationInfo.MyCommand) { $r.InvocationInfo.MyCommand.Name } else { 'Error' }
            $lines.Add("${name}: $($r.Exception.Message)")
        }
        else { $batch.Add($r) }
    }
    & $flush
    , $lines.ToArray()
}
'@

function New-ExampleRunspace {
    param([string] $Location, [switch] $NoSandbox)
    $iss = [initialsessionstate]::CreateDefault()
    $iss.ImportPSModule((Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1'))
    $ps = [powershell]::Create($iss)
    $null = $ps.AddScript($script:RunspaceSetup).AddStatement().AddCommand('Set-Location').AddParameter('LiteralPath', $Location)
    # A new runspace starts with no connection; closing any first keeps that true whatever the registry keeps.
    $null = $ps.AddStatement().AddScript('Get-CalendarSharingConnection | Disconnect-CalendarSharing')
    if (-not $NoSandbox) {
        $null = $ps.AddStatement().AddScript('Connect-CalendarSharing -Sandbox | Out-Null')
    }
    $null = $ps.Invoke()
    if ($ps.HadErrors) { throw "Setting up the example runspace failed: $($ps.Streams.Error -join '; ')" }
    $ps
}

function Invoke-ExampleStep {
    <# Runs one command in the runspace; returns its errors and its output as console lines. #>
    param([powershell] $PowerShell, [string] $Command)
    $PowerShell.Commands.Clear()
    $PowerShell.Streams.ClearStreams()
    $script = "`$global:__records = [System.Collections.Generic.List[object]]::new()`n" +
        "try { . {`n$Command`n} *>&1 | ForEach-Object { `$global:__records.Add(`$_) } } catch { `$global:__records.Add(`$_) }"
    $null = $PowerShell.AddScript($script).Invoke()
    $PowerShell.Commands.Clear()
    $records = @($PowerShell.AddScript('$global:__records').Invoke())
    $PowerShell.Commands.Clear()
    $lines = $PowerShell.AddCommand('__Render').AddParameter('Records', $records).Invoke()
    [pscustomobject]@{
        Errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) + @($PowerShell.Streams.Error)
        Lines  = @($lines | ForEach-Object { $_ })
    }
}

function Invoke-DocExample {
    <# Runs a runnable example; returns the list of problems (empty when it worked as the page says). #>
    param([object] $Example)
    $work = Join-Path ([IO.Path]::GetTempPath()) ("cs-example-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work, (Join-Path $work '.credentials')
    Copy-Item -Path (Join-Path $script:RepositoryRoot 'examples/*') -Destination $work -Recurse
    $saved = @{ Path = $env:CALENDARSHARING_CREDENTIAL_PATH; Key = $env:CALENDARSHARING_CREDENTIAL_KEY }
    $env:CALENDARSHARING_CREDENTIAL_PATH = Join-Path $work '.credentials'
    $env:CALENDARSHARING_CREDENTIAL_KEY = [Convert]::ToBase64String([byte[]] (1..32 | ForEach-Object { Get-Random -Maximum 256 }))
    # The README's blocks name ./examples/... as a clone has it; they run in the scratch folder too, so what they
    # write (profiles, scan files, sync state) never lands in the repository.
    if ($Example.Source -eq 'README.md') {
        Copy-Item -Path (Join-Path $script:RepositoryRoot 'examples') -Destination (Join-Path $work 'examples') -Recurse
    }
    $location = $work
    # An example that opens its own connection first starts with none, as a new session does.
    $connects = $Example.Steps.Count -and $Example.Steps[0].Command -match '^\s*(\$\w+\s*=\s*)?Connect-CalendarSharing\b'
    $ps = New-ExampleRunspace -Location $location -NoSandbox:$connects
    $problems = [System.Collections.Generic.List[string]]::new()
    try {
        foreach ($step in $Example.Steps) {
            # The README imports the module from the default build folder; the runspace has the packaged one already.
            $command = $step.Command -replace '(?m)^Import-Module \./out/CalendarSharing/[^/]+/CalendarSharing\.psd1\s*$', ''
            $run = Invoke-ExampleStep -PowerShell $ps -Command $command
            if ($step.Expected | Where-Object { $_.Trim() }) {
                $difference = Compare-ExampleOutput -Expected $step.Expected -Actual $run.Lines
                if ($difference) { $problems.Add("$($step.Command)`n$difference") }
            }
            elseif ($run.Errors) {
                $problems.Add("$($step.Command)`nwrote errors the page does not show:`n    $(($run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join "`n    ")")
            }
        }
    }
    finally {
        $ps.Dispose()
        $env:CALENDARSHARING_CREDENTIAL_PATH = $saved.Path
        $env:CALENDARSHARING_CREDENTIAL_KEY = $saved.Key
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    , $problems.ToArray()
}

function Test-ExampleBinding {
    <# For an example that needs a real server: every command whose command is known binds its parameters. #>
    param([object] $Example)
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput(($Example.Steps.Command -join "`n"), [ref] $null, [ref] $errors)
    $problems = [System.Collections.Generic.List[string]]::new()
    foreach ($e in $errors) { $problems.Add("does not parse: $($e.Message)") }
    $commands = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)
    $checked = 0
    foreach ($c in $commands) {
        $name = $c.GetCommandName()
        if (-not $name) { continue }
        $info = Get-Command $name -ErrorAction SilentlyContinue
        if (-not $info) {
            if ((Get-Command -Module CalendarSharing).Name -contains $name -or $name -like '*-CalendarShar*' -or $name -like '*-Mailbox*') {
                $problems.Add("'$name' is not a command")
            }
            continue
        }
        $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($c, $true)
        foreach ($k in $binding.BindingExceptions.Keys) {
            $problems.Add("${name}: $($binding.BindingExceptions[$k].BindingException.Message)")
        }
        if ($info.ModuleName -eq 'CalendarSharing') {
            $checked++
            # The parameters given must fit together in at least one parameter set.
            $given = @($binding.BoundParameters.Keys)
            $fits = $info.ParameterSets | Where-Object {
                $names = $_.Parameters.Name
                -not ($given | Where-Object { $_ -notin $names })
            }
            if (-not $fits) { $problems.Add("${name}: no parameter set takes $($given -join ', ')") }
        }
    }
    if ($checked -eq 0) { $problems.Add('the example runs no CalendarSharing cmdlet') }
    , $problems.ToArray()
}

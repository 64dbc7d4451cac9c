<#
.SYNOPSIS
    Rewrites the output that docs/cmdlets examples show with what the commands write against the sandbox now.

.DESCRIPTION
    For a change that alters what users see (a view, a message): run it, read the diff (git diff docs/cmdlets), and
    keep only what is right. It runs every runnable example as tests/Pester/DocsExamples.Tests.ps1 does (the same
    helpers, so the same parsing, runspace and rendering at 120 columns) and replaces a shown output block only where
    it no longer matches. Needs the packaged module (dotnet pwsh ./build.ps1 first).
#>
[CmdletBinding()]
param([string] $Page = '*')

$ErrorActionPreference = 'Stop'
$tests = Join-Path $PSScriptRoot '../tests/Pester'
. (Join-Path $tests 'TestHelpers.ps1')
. (Join-Path $tests 'DocsExamples.Helpers.ps1')
Import-PackagedModule

foreach ($example in Get-DocExample | Where-Object { $_.Source -ne 'README.md' -and -not $_.Needs -and $_.Source -like "$Page.md" }) {
    if (-not ($example.Steps | Where-Object { $_.Expected | Where-Object { $_.Trim() } })) { continue }
    $path = Join-Path $script:RepositoryRoot "docs/cmdlets/$($example.Source)"
    $text = (Get-Content -Raw -LiteralPath $path) -replace "`r`n", "`n"
    $start = $text.IndexOf("### $($example.Title)")
    $connects = $example.Steps[0].Command -match '^\s*(\$\w+\s*=\s*)?Connect-CalendarSharing\b'
    $work = Join-Path ([IO.Path]::GetTempPath()) ("cs-example-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work, (Join-Path $work '.credentials')
    Copy-Item -Path (Join-Path $script:RepositoryRoot 'examples/*') -Destination $work -Recurse
    $env:CALENDARSHARING_CREDENTIAL_PATH = Join-Path $work '.credentials'
    $env:CALENDARSHARING_CREDENTIAL_KEY = [Convert]::ToBase64String([byte[]] (1..32 | ForEach-Object { Get-Random -Maximum 256 }))
    $ps = New-ExampleRunspace -Location $work -NoSandbox:$connects
    try {
        foreach ($step in $example.Steps) {
            $run = Invoke-ExampleStep -PowerShell $ps -Command $step.Command
            $shown = @($step.Expected)
            if (-not ($shown | Where-Object { $_.Trim() })) { continue }
            if (-not (Compare-ExampleOutput -Expected $shown -Actual $run.Lines)) { continue }
            $old = ($shown -join "`n").TrimEnd()
            $lines = @($run.Lines | ForEach-Object { $_.TrimEnd() })
            while ($lines.Count -and -not $lines[0]) { $lines = @($lines | Select-Object -Skip 1) }
            while ($lines.Count -and -not $lines[-1]) { $lines = @($lines | Select-Object -SkipLast 1) }
            $new = ($(if ($shown[0].Trim() -eq '') { "`n" } else { '' })) + ($lines -join "`n")
            $at = $text.IndexOf($old.TrimStart("`n"), $start)
            if ($at -lt 0) { Write-Warning "$($example.Source) / $($example.Title): shown output not found verbatim; fix by hand."; continue }
            $oldBody = $old.TrimStart("`n")
            $text = $text.Substring(0, $at) + $new.TrimStart("`n") + $text.Substring($at + $oldBody.Length)
            Write-Host "$($example.Source) / $($example.Title): output updated"
        }
    }
    finally {
        $ps.Dispose()
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }
    Set-Content -LiteralPath $path -Value $text.TrimEnd("`n") -NoNewline
    Add-Content -LiteralPath $path -Value ''
}

#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds the CalendarSharing module, opens a session on the sandbox, or runs every test against the packaged result.

.DESCRIPTION
    A thin wrapper over `dotnet publish` (which lays the module out in out/CalendarSharing/<version>/: manifest,
    cmdlet assembly, Models, format file and help at the root, everything else in Dependencies/).

    -Sandbox then opens a new PowerShell session with the module imported and Connect-CalendarSharing -Sandbox done.
    -Test runs the xunit suite and then the Pester suite (tests/Pester) in a fresh PowerShell process against the
    packaged folder, never against bin/, so what is tested is what ships; it ends with one line of counts and fails
    when any test failed or none ran.

    Needs only the .NET SDK: PowerShell comes from the repository's tool manifest (dotnet-tools.json, pinned),
    Pester from NuGet (build/tools.csproj, restored into out/packages). From bash:

        dotnet tool restore && dotnet pwsh ./build.ps1 -Sandbox
        dotnet tool restore && dotnet pwsh ./build.ps1 -Test

.EXAMPLE
    ./build.ps1 -Sandbox

    Builds the module and opens a new PowerShell session with it imported and connected to the sandbox.

.EXAMPLE
    ./build.ps1 -Test

    Builds, runs xunit, runs Pester against the packaged module, prints 'Total: N passed, N failed, N skipped'.
#>
[CmdletBinding(DefaultParameterSetName = 'Build')]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Run the xunit suite and the Pester suite.
    [Parameter(ParameterSetName = 'Test')]
    [switch] $Test,

    # With -Test: only the Pester suite (the module is still built first).
    [Parameter(ParameterSetName = 'Test')]
    [switch] $PesterOnly,

    # With -Test: passed to dotnet test --filter, for quick local runs (Pester still runs whole).
    [Parameter(ParameterSetName = 'Test')]
    [string] $XunitFilter,

    # After building, open a new session with the module imported and Connect-CalendarSharing -Sandbox done.
    [Parameter(ParameterSetName = 'Sandbox')]
    [switch] $Sandbox,

    # With -Test: also run Pester in Windows PowerShell 5.1 (powershell.exe), which exercises the AssemblyResolve path.
    [Parameter(ParameterSetName = 'Test')]
    [switch] $IncludeWindowsPowerShell,

    [string] $OutputRoot = (Join-Path $PSScriptRoot 'out')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
# -PesterOnly, -XunitFilter and -IncludeWindowsPowerShell are kinds of test run: given alone they mean -Test (they used
# to build and stop silently, which reads as a pass).
if ($PesterOnly -or $XunitFilter -or $IncludeWindowsPowerShell) { $Test = [switch]$true }

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath failed with exit code $LASTEXITCODE."
    }
}

function Get-PowerShellCommand {
    <#
        The command line that starts this same PowerShell again. (Get-Process -Id $PID).Path is not it when
        PowerShell runs as a .NET tool (`dotnet pwsh`): that process is the dotnet host, which needs pwsh.dll
        from $PSHOME as its first argument.
    #>
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $name = [IO.Path]::GetFileNameWithoutExtension($process)
    if ($name -in 'pwsh', 'powershell', 'pwsh-preview') {
        return , @($process)
    }

    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ($name -eq 'dotnet' -and (Test-Path $dll)) {
        return , @($process, $dll)
    }

    foreach ($candidate in 'pwsh', 'pwsh.exe') {
        $apphost = Join-Path $PSHOME $candidate
        if (Test-Path $apphost -PathType Leaf) {
            return , @($apphost)
        }
    }

    throw "Cannot tell how to start PowerShell again: this process is '$process' and `$PSHOME ('$PSHOME') has no pwsh.dll or pwsh. Run the build with 'dotnet tool restore && dotnet pwsh ./build.ps1'."
}

function Get-PesterModulePath {
    # Pester is a NuGet package whose tools/ folder is the module; restore it beside the build output.
    $packages = Join-Path $OutputRoot 'packages'
    Invoke-Native dotnet @('restore', (Join-Path $PSScriptRoot 'build/tools.csproj'), '--packages', $packages, '-nologo', '-v', 'quiet')
    $manifest = Join-Path $packages 'pester/5.9.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) {
        throw "Pester was restored, but $manifest is missing."
    }
    $manifest
}

function Read-TrxCount {
    param([string] $Directory)
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in Get-ChildItem -Path $Directory -Filter '*.trx' -ErrorAction SilentlyContinue) {
        [xml] $trx = Get-Content -Raw -LiteralPath $file.FullName
        $c = $trx.TestRun.ResultSummary.Counters
        $counts.Passed += [int] $c.passed
        $counts.Failed += [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        $counts.Skipped += [int] $c.notExecuted
    }
    $counts
}

$project = Join-Path $PSScriptRoot 'src/CalendarSharing.PowerShell/CalendarSharing.PowerShell.csproj'
$version = (Select-Xml -Path (Join-Path $PSScriptRoot 'Directory.Build.props') -XPath '//Version').Node.InnerText.Trim()
$moduleDir = Join-Path $OutputRoot "CalendarSharing/$version"

Invoke-Native dotnet @('publish', $project, '-c', $Configuration, '-nologo', '-v', 'quiet', "-p:ModuleOutputRoot=$OutputRoot$([IO.Path]::DirectorySeparatorChar)")
Write-Host "Module: $moduleDir" -ForegroundColor Green

# The xunit layout and loader tests reuse this folder instead of publishing again.
$env:CALENDARSHARING_MODULE_DIR = $moduleDir

if ($Sandbox) {
    $manifest = Join-Path $moduleDir 'CalendarSharing.psd1'
    $shell = Get-PowerShellCommand
    $start = "Import-Module '$manifest'; Connect-CalendarSharing -Sandbox | Out-Null; " +
        "Write-Host 'Connected to the sandbox organisation (contoso.com) as admin@contoso.com. Try: Get-CalendarPermission -Mailbox alice@contoso.com' -ForegroundColor Green"
    $arguments = @($shell | Select-Object -Skip 1) + @('-NoExit', '-NoProfile', '-Command', $start)
    & $shell[0] @arguments
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
    return
}

if (-not $Test) {
    return
}

$total = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
$failures = @()

if (-not $PesterOnly) {
    $results = Join-Path $OutputRoot 'test-results/xunit'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $arguments = @('test', (Join-Path $PSScriptRoot 'CalendarSharing.sln'), '-c', $Configuration, '-nologo',
        '--logger', 'trx', '--logger', 'console;verbosity=normal', '--results-directory', $results)
    if ($XunitFilter) { $arguments += @('--filter', $XunitFilter) }
    # Azurite for the Azure Table sync state store tests (tests/CalendarSharing.Tests/Sync/AzureTable*), unless an
    # endpoint was given (.ci/run gives one): installed into out/tools/azurite and started here when node is there, and
    # stopped after xunit. Without node the tests fail and say how to get it.
    $azuriteState = $null
    if (-not $env:CALENDARSHARING_AZURITE_TABLE_ENDPOINT -and [IO.Path]::DirectorySeparatorChar -eq '/' -and (Get-Command node -CommandType Application -ErrorAction SilentlyContinue)) {
        $azuriteState = & bash (Join-Path $PSScriptRoot 'tests/interop/azurite/start.sh') | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0 -or -not $azuriteState) { throw "Azurite did not start (exit code $LASTEXITCODE); see the message above." }
        $env:CALENDARSHARING_AZURITE_TABLE_ENDPOINT = (Get-Content -LiteralPath $azuriteState | Where-Object { $_ -like 'TABLE_ENDPOINT=*' }) -replace '^TABLE_ENDPOINT=', ''
        Write-Host "Azurite: $env:CALENDARSHARING_AZURITE_TABLE_ENDPOINT" -ForegroundColor Green
    }
    Write-Host "> dotnet $($arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @arguments
    $xunitExit = $LASTEXITCODE
    if ($azuriteState) {
        & bash (Join-Path $PSScriptRoot 'tests/interop/azurite/stop.sh') $azuriteState
        Remove-Item Env:CALENDARSHARING_AZURITE_TABLE_ENDPOINT -ErrorAction SilentlyContinue
    }
    $xunit = Read-TrxCount $results
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    if ($xunitExit -ne 0 -or $xunit.Failed -gt 0) { $failures += "xunit (exit code $xunitExit)" }
    foreach ($k in @($total.Keys)) { $total[$k] += $xunit[$k] }
}

$pester = Get-PesterModulePath
$testsDir = Join-Path $PSScriptRoot 'tests/Pester'
$hosts = @(, @('pwsh', (Get-PowerShellCommand)))
if ($IncludeWindowsPowerShell) {
    $desktop = Get-Command powershell.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($desktop) { $hosts += , @('powershell', @($desktop.Source)) }
    else { throw 'powershell.exe (Windows PowerShell 5.1) was not found.' }
}

foreach ($h in $hosts) {
    $name = $h[0]
    $shell = @($h[1])
    $resultFile = Join-Path $OutputRoot "test-results/pester-$name.xml"
    $countFile = Join-Path $OutputRoot "test-results/pester-$name.json"
    New-Item -ItemType Directory -Force -Path (Split-Path $resultFile) | Out-Null
    Remove-Item -LiteralPath $countFile -ErrorAction SilentlyContinue
    Write-Host "> $($shell -join ' ') Invoke-Pester $testsDir" -ForegroundColor Cyan
    # A fresh process: the module under test is the packaged one, and nothing this session loaded leaks in.
    $arguments = @($shell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'build/Invoke-PesterSuite.ps1'),
        '-PesterManifest', $pester, '-ModuleDir', $moduleDir, '-TestsDir', $testsDir, '-ResultFile', $resultFile, '-CountFile', $countFile)
    & $shell[0] @arguments
    $pesterExit = $LASTEXITCODE
    if (-not (Test-Path $countFile)) {
        $failures += "Pester in $name did not finish (exit code $pesterExit)"
        continue
    }
    $counts = Get-Content -Raw $countFile | ConvertFrom-Json
    Write-Host "Pester ($name): $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    if ($pesterExit -ne 0 -or $counts.Failed -gt 0) { $failures += "Pester in $name (exit code $pesterExit)" }
    $total.Passed += $counts.Passed
    $total.Failed += $counts.Failed
    $total.Skipped += $counts.Skipped
}

if ($total.Passed -eq 0) {
    $failures += 'no test ran'
}

Write-Host "Total: $($total.Passed) passed, $($total.Failed) failed, $($total.Skipped) skipped"
if ($failures) {
    Write-Host "FAILED: $($failures -join '; ')" -ForegroundColor Red
    exit 1
}

<#
.SYNOPSIS
    Builds the CalendarSharing module and tests the packaged result.

.DESCRIPTION
    A thin wrapper (STYLE.md item 15): `dotnet publish` lays the module out in out/CalendarSharing/<version>/
    (root: manifest, cmdlet assembly, Models, format file, help; Dependencies/: everything else). Then the
    Pester suite in tests/Pester runs in a fresh pwsh against that packaged folder, never against bin/, so
    what is tested is what ships. -Test also runs the xunit suite (which reuses the packaged folder).
    Everything except Pester works without PowerShell: `dotnet publish src/CalendarSharing.PowerShell -c Release`.

.EXAMPLE
    ./build.ps1 -Sandbox

    Builds the module and opens a new PowerShell session with it imported and connected to the sandbox.

.EXAMPLE
    ./build.ps1 -Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Also run the xunit tests (dotnet test).
    [switch] $Test,

    # After building, open a new session with the module imported and Connect-CalendarSharing -Sandbox done (no tests).
    [switch] $Sandbox,

    # Do not run Pester even when pwsh is present.
    [switch] $SkipPester,

    # Also run Pester in Windows PowerShell 5.1 (powershell.exe), which exercises the AssemblyResolve path.
    [switch] $IncludeWindowsPowerShell,

    [string] $OutputRoot = (Join-Path $PSScriptRoot 'out')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath failed with exit code $LASTEXITCODE."
    }
}

$project = Join-Path $PSScriptRoot 'src/CalendarSharing.PowerShell/CalendarSharing.PowerShell.csproj'
$version = (Select-Xml -Path (Join-Path $PSScriptRoot 'Directory.Build.props') -XPath '//Version').Node.InnerText.Trim()
$moduleDir = Join-Path $OutputRoot "CalendarSharing/$version"

Invoke-Native dotnet @('publish', $project, '-c', $Configuration, '-nologo', "-p:ModuleOutputRoot=$OutputRoot$([IO.Path]::DirectorySeparatorChar)")
Write-Host "Module: $moduleDir" -ForegroundColor Green

# The xunit layout and loader tests reuse this folder instead of publishing again.
$env:CALENDARSHARING_MODULE_DIR = $moduleDir

if ($Sandbox) {
    $manifest = Join-Path $moduleDir 'CalendarSharing.psd1'
    $shell = (Get-Process -Id $PID).Path
    Write-Host "Starting a session on the sandbox organisation (contoso.com). Try: Get-CalendarPermission -Mailbox alice@contoso.com" -ForegroundColor Green
    & $shell -NoExit -NoProfile -Command "Import-Module '$manifest'; Connect-CalendarSharing -Sandbox"
    return
}

if ($Test) {
    Invoke-Native dotnet @('test', (Join-Path $PSScriptRoot 'tests/CalendarSharing.Tests'), '-c', $Configuration, '-nologo')
}

if ($SkipPester) {
    return
}

# A fresh process per run: the module under test is the packaged one, and nothing this session loaded leaks in.
$runner = {
    param([string] $ModuleDir, [string] $TestsDir, [string] $ResultFile)
    $ErrorActionPreference = 'Stop'
    $env:CALENDARSHARING_MODULE_DIR = $ModuleDir
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        throw 'Pester 5 is needed: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
    }
    Import-Module $pester
    $config = New-PesterConfiguration
    $config.Run.Path = $TestsDir
    $config.Run.Exit = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = $ResultFile
    Invoke-Pester -Configuration $config
}

$testsDir = Join-Path $PSScriptRoot 'tests/Pester'
$hosts = @()
$pwsh = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if ($pwsh) { $hosts += , @('pwsh', $pwsh.Source) }
else { Write-Warning 'pwsh was not found: the Pester tests did not run.' }

if ($IncludeWindowsPowerShell) {
    $desktop = Get-Command powershell.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($desktop) { $hosts += , @('powershell', $desktop.Source) }
    else { Write-Warning 'powershell.exe (Windows PowerShell 5.1) was not found.' }
}

foreach ($h in $hosts) {
    $resultFile = Join-Path $OutputRoot "pester-$($h[0]).xml"
    Write-Host "> $($h[1]) Invoke-Pester $testsDir" -ForegroundColor Cyan
    & $h[1] -NoProfile -NonInteractive -Command $runner -args $moduleDir, $testsDir, $resultFile
    if ($LASTEXITCODE -ne 0) {
        throw "Pester failed in $($h[0]) (exit code $LASTEXITCODE); results in $resultFile."
    }
}

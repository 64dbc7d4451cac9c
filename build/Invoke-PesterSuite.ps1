<#
.SYNOPSIS
    Runs tests/Pester against a packaged module folder and writes the counts to a JSON file. build.ps1 starts it in a
    fresh PowerShell process, so nothing the build session loaded leaks into the module under test.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $TestsDir,
    [Parameter(Mandatory)] [string] $ResultFile,
    [Parameter(Mandatory)] [string] $CountFile
)

$ErrorActionPreference = 'Stop'
$env:CALENDARSHARING_MODULE_DIR = $ModuleDir
Import-Module $PesterManifest
$config = New-PesterConfiguration
$config.Run.Path = $TestsDir
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = $ResultFile
$result = Invoke-Pester -Configuration $config

# Tests not run because a BeforeAll failed, or inconclusive ones, count as skipped, never as passed; failed blocks
# and containers (a file that does not parse) count as failures.
[ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount + $result.InconclusiveCount
} | ConvertTo-Json | Set-Content -LiteralPath $CountFile

# Dot-sourced by every *.Tests.ps1: finds the packaged module (never bin/) and imports it.

function Get-PackagedModuleDirectory {
    if ($env:CALENDARSHARING_MODULE_DIR) {
        return $env:CALENDARSHARING_MODULE_DIR
    }

    $root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $version = (Select-Xml -Path (Join-Path $root 'Directory.Build.props') -XPath '//Version').Node.InnerText.Trim()
    Join-Path $root "out/CalendarSharing/$version"
}

function Import-PackagedModule {
    $manifest = Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1'
    if (-not (Test-Path $manifest)) {
        throw "No packaged module at $manifest. Run ./build.ps1 (or dotnet publish src/CalendarSharing.PowerShell -c Release) first."
    }

    Import-Module $manifest -Force -ErrorAction Stop
}

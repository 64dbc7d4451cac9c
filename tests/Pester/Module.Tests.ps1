#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
}

AfterAll {
    Get-CalendarSharingConnection | Disconnect-CalendarSharing
}

Describe 'The packaged module' {
    It 'exports exactly the cmdlets of the manifest' {
        # What the manifest exports is what the module offers: nothing more (no functions, no aliases), nothing less.
        $manifest = Import-PowerShellDataFile (Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1')
        $expected = $manifest.CmdletsToExport | Sort-Object
        $expected.Count | Should -BeGreaterThan 5
        (Get-Command -Module CalendarSharing).Name | Sort-Object | Should -Be $expected
        (Get-Module CalendarSharing).ExportedFunctions.Count | Should -Be 0
        (Get-Module CalendarSharing).ExportedAliases.Count | Should -Be 0
    }

    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest (Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1')
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.RootModule | Should -Be 'CalendarSharing.PowerShell.dll'
    }

    It 'loads no Microsoft.Graph assembly at import' {
        [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { $_ -like 'Microsoft.Graph*' } |
            Should -BeNullOrEmpty
    }

    It 'runs an on-premises scenario without loading Microsoft.Graph, Kiota, Azure.Core or MSAL' {
        $connection = Connect-CalendarSharing -Sandbox
        try {
            Set-CalendarShare -Mailbox alice@contoso.com -User bob@contoso.com -Role Reviewer -Connection $connection | Out-Null
            Get-CalendarPermission -Mailbox alice@contoso.com -Connection $connection | Should -Not -BeNullOrEmpty
        }
        finally {
            $connection | Disconnect-CalendarSharing
        }

        $loaded = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name
        $loaded | Where-Object { $_ -like 'Microsoft.Graph*' -or $_ -like 'Microsoft.Kiota*' -or $_ -eq 'Azure.Core' -or $_ -eq 'Microsoft.Identity.Client' } |
            Should -BeNullOrEmpty
    }

    It 'shows the cmdlets with the documented parameter sets' {
        $sets = (Get-Command Connect-CalendarSharing).ParameterSets.Name
        foreach ($set in 'Ews', 'EwsStoredCredential', 'AccessToken', 'Autodiscover', 'Sandbox', 'GraphClientSecret', 'GraphManagedIdentity') {
            $sets | Should -Contain $set
        }
        (Get-Command Set-CalendarShare).Parameters['Role'].Aliases | Should -Contain 'AccessRights'
        (Get-Command Get-CalendarPermission).Parameters['Mailbox'].Aliases | Should -Contain 'PrimarySmtpAddress'
    }

    It 'completes role names for -Role' {
        $line = 'Set-CalendarShare -Role Limi'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'LimitedDetails'
    }
}

Describe 'Dependency isolation on PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    BeforeAll {
        Connect-CalendarSharing -Sandbox | Out-Null
        Get-CalendarPermission -Mailbox alice@contoso.com | Out-Null
    }

    It 'loads the engine in the private load context' {
        foreach ($name in 'CalendarSharing.Core', 'CalendarSharing.Ews', 'CalendarSharing.Sandbox') {
            $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name } | Select-Object -First 1
            $assembly | Should -Not -BeNullOrEmpty -Because "$name is used by the sandbox connection"
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name | Should -Be 'CalendarSharing.Dependencies'
            $assembly.Location | Should -BeLike (Join-Path (Get-PackagedModuleDirectory) 'Dependencies*')
        }
    }

    It 'keeps the public types in the default context' {
        $models = [CalendarSharing.CalendarPermission].Assembly
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($models) |
            Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }
}

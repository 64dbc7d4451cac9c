#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Get-Help for every exported cmdlet, read from the packaged module's MAML file (built from docs/cmdlets/*.md). A missing
# help file is a failure, never a skip: without it Get-Help makes up a page from the syntax alone.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $manifest = Import-PowerShellDataFile (Join-Path (Get-PackagedModuleDirectory) 'CalendarSharing.psd1')
    $cmdlets = @($manifest.CmdletsToExport | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-PackagedModule
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    # Parameters marked DontShow (the pipeline object kept as an error's target) are not for typing and not documented.
    function Test-Shown($Parameter) {
        -not ($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
    }

    function Get-SyntaxName([string] $Syntax) {
        # "-Name" tokens of one syntax line, in order; "<CommonParameters>" has no dash.
        [regex]::Matches($Syntax, '(?<![\w-])-(\w+)') | ForEach-Object { $_.Groups[1].Value }
    }
}

Describe 'The help file' {
    It 'is in the packaged module' {
        Join-Path (Get-PackagedModuleDirectory) 'en-US/CalendarSharing.PowerShell.dll-Help.xml' | Should -Exist
    }

    It 'covers every exported cmdlet' {
        [xml] $maml = Get-Content -Raw (Join-Path (Get-PackagedModuleDirectory) 'en-US/CalendarSharing.PowerShell.dll-Help.xml')
        $ns = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10' }
        $inFile = (Select-Xml -Xml $maml -XPath '//command:command/command:details/command:name' -Namespace $ns).Node.InnerText | Sort-Object
        $inFile | Should -Be ((Get-Command -Module CalendarSharing).Name | Sort-Object)
    }
}

Describe 'Get-Help <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'comes from the help file, with a synopsis' {
        # Without a MAML entry Get-Help's synopsis is the syntax itself and its category is not Cmdlet help.
        $help.ModuleName | Should -Be 'CalendarSharing'
        "$($help.Synopsis)".Trim() | Should -Not -BeNullOrEmpty
        "$($help.Synopsis)" | Should -Not -BeLike "*$Name *[<CommonParameters>]*"
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo' -Because 'help read from the MAML file is MamlCommandHelpInfo'
    }

    It 'has a description' {
        ($help.Description.Text -join ' ').Trim().Length | Should -BeGreaterThan 40
    }

    It 'has at least one example with code and remarks' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($e in $examples) {
            "$($e.Code)".Trim() | Should -Not -BeNullOrEmpty
            ($e.Remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        $documented = @{}
        foreach ($p in @($help.Parameters.Parameter)) { $documented[$p.Name] = ($p.Description.Text -join ' ').Trim() }
        foreach ($p in $command.Parameters.Keys | Where-Object { $_ -notin $common -and (Test-Shown $command.Parameters[$_]) }) {
            $documented.ContainsKey($p) | Should -BeTrue -Because "-$p is a parameter of $Name"
            $documented[$p].Length | Should -BeGreaterThan 10 -Because "-$p of $Name needs a description"
        }
        foreach ($p in $documented.Keys) {
            $command.Parameters.Keys | Should -Contain $p -Because "the help of $Name documents -$p"
        }
    }

    It 'lists each parameter set''s parameters in SYNTAX in the order PowerShell shows them' {
        # Get-Command -Syntax: positional parameters by position, then mandatory named ones, then the rest as declared.
        $items = @($help.Syntax.SyntaxItem | ForEach-Object { , @($_.Parameter.Name | Where-Object { $_ -notin $common }) })
        foreach ($set in $command.ParameterSets) {
            $expected = @(Get-SyntaxName $set.ToString() | Where-Object { $_ -notin $common -and (Test-Shown $command.Parameters[$_]) })
            $item = $items | Where-Object { -not (Compare-Object $_ $expected) } | Select-Object -First 1
            $item | Should -Not -BeNullOrEmpty -Because "the help of $Name needs a syntax item with the parameters of set '$($set.Name)': $($expected -join ', ')"
            ($item -join ' ') | Should -Be ($expected -join ' ') -Because "set '$($set.Name)' of $Name"
        }
        $items.Count | Should -Be $command.ParameterSets.Count
    }
}

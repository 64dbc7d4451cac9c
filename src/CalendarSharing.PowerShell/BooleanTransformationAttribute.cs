using System;
using System.Globalization;
using System.Management.Automation;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Lets a CSV column bind to a switch: Import-Csv gives strings, and PowerShell refuses a string for a
    /// bool or switch parameter. Accepts True/False, Yes/No, 1/0 and empty (false), case-insensitive.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class BooleanTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (!(value is string text))
            {
                return inputData;
            }

            switch (text.Trim().ToUpperInvariant())
            {
                case "":
                case "FALSE":
                case "NO":
                case "N":
                case "0":
                case "$FALSE":
                    return new SwitchParameter(false);
                case "TRUE":
                case "YES":
                case "Y":
                case "1":
                case "$TRUE":
                    return new SwitchParameter(true);
                default:
                    throw new ArgumentTransformationMetadataException(string.Format(
                        CultureInfo.CurrentCulture, "'{0}' is not a yes/no value. Use True or False.", text));
            }
        }
    }
}

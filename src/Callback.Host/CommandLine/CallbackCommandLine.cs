using System.CommandLine;

namespace Callback.Host.CommandLine;

/// <summary>The subcommands of the one Callback program. ./callback adds `test`, which runs the test suite.</summary>
public static class CallbackCommandLine
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "Callback: telephone callback verification of the disabled persons' employment and training registry (内蒙古残疾人就业和培训实名制回访核查).\n" +
            "Settings come from appsettings.Local.json in the current directory, environment variables and --Section:Key=value.")
        {
            ServeCommand.Create(output, error),
            MigrateCommand.Create(output),
            BackupCommands.Backup(output, error),
            BackupCommands.Restore(output, error),
            ImportCommand.Create(output, error),
            DemoDataCommand.Create(output),
            VerifyDrawCommand.Create(output, error),
            EvidenceCommands.PublicKey(output),
            EvidenceCommands.VerifyEvidence(output, error),
            VerifyBundleCommand.Create(output, error),
            RubricCommand.Create(output),
        };
        return root;
    }

    /// <summary>Parses and runs, with help and parse errors written where the command's output goes.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error) =>
        Create(output, error).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
}

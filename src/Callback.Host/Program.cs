using Callback.Host.CommandLine;

// One program, several subcommands: serve, migrate, import, demo-data (see --help).
return await CallbackCommandLine.InvokeAsync(args, Console.Out, Console.Error);

using Callback.Host.CommandLine;

// One program, several subcommands: serve, migrate, import, demo-data (see --help).
return await CallbackCommandLine.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();

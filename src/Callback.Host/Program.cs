using Callback.Host.CommandLine;

// One program, several subcommands: serve, migrate, import, demo-data, verify-draw, rubric (CallbackCommandLine; --help lists them).
return await CallbackCommandLine.InvokeAsync(args, Console.Out, Console.Error);

using Impacte.Worker;

WorkerHost.Build(args).Run();

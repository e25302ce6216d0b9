using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sot.Workbench.Storage.PostgreSql.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a free loopback
/// port, and on dispose <c>pg_ctl stop</c> and the folder deleted. When the current user is root (as on CI),
/// the server binaries run as the <c>postgres</c> user through <c>runuser</c>, since <c>initdb</c> refuses root.
/// </summary>
public sealed class TemporaryPostgreSqlCluster : IDisposable
{
    private const string ServerUser = "postgres";
    private readonly string _binDirectory;
    private readonly bool _asServerUser;
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly string _logFile;
    private int _stopped;

    private TemporaryPostgreSqlCluster(string binDirectory, bool asServerUser, string root, int port)
    {
        _binDirectory = binDirectory;
        _asServerUser = asServerUser;
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        _logFile = Path.Combine(root, "server.log");
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>A connection string for the cluster's superuser and its <c>postgres</c> database.</summary>
    public string ConnectionString =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username={ServerUser};Database=postgres;Timeout=30;Command Timeout=120");

    /// <summary>
    /// Looks for the server binaries (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>): the folder named by
    /// <c>pg_config --bindir</c>, then <c>/usr/lib/postgresql/&lt;newest&gt;/bin</c>, then <c>initdb</c> on
    /// <c>PATH</c>. Returns <see langword="null"/> with the reason when they cannot be used here.
    /// </summary>
    public static string? FindServerBinaries(out string? reasonUnavailable)
    {
        reasonUnavailable = null;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            reasonUnavailable = "throwaway PostgreSQL clusters are started on Unix-like systems only";
            return null;
        }

        foreach (var candidate in CandidateBinDirectories())
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")) && File.Exists(Path.Combine(candidate, "postgres")))
            {
                if (IsRoot() && !CanRunAsServerUser(out var why))
                {
                    reasonUnavailable = why;
                    return null;
                }

                return candidate;
            }
        }

        reasonUnavailable = "the PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found (pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)";
        return null;
    }

    /// <summary>Creates and starts a cluster with the binaries in <paramref name="binDirectory"/>.</summary>
    /// <param name="binDirectory">The folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</param>
    /// <param name="settings">Extra <c>postgresql.conf</c> settings (name, value as written in the file).</param>
    public static TemporaryPostgreSqlCluster Start(string binDirectory, IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(binDirectory);
        var asServerUser = IsRoot();
        var root = Path.Combine(Path.GetTempPath(), "sot-workbench-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var cluster = new TemporaryPostgreSqlCluster(binDirectory, asServerUser, root, 0);
        try
        {
            if (asServerUser)
            {
                Run("chown", [ServerUser, root], null);
            }

            cluster.RunServerTool("initdb", ["-D", cluster._dataDirectory, "-U", ServerUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            var conf = new StringBuilder();
            conf.AppendLine("listen_addresses = '127.0.0.1'");
            conf.AppendLine("unix_socket_directories = ''");
            conf.AppendLine("max_connections = 200");
            foreach (var (name, value) in settings ?? [])
            {
                conf.Append(name).Append(" = ").AppendLine(value);
            }

            File.AppendAllText(Path.Combine(cluster._dataDirectory, "postgresql.conf"), conf.ToString());

            // A free port can be taken between the probe and the server's bind: try a few.
            for (var attempt = 1; ; attempt++)
            {
                cluster.Port = FreeLoopbackPort();
                try
                {
                    cluster.RunServerTool("pg_ctl", ["-D", cluster._dataDirectory, "-l", cluster._logFile, "-o", "-p " + cluster.Port.ToString(CultureInfo.InvariantCulture), "-w", "-t", "60", "start"]);
                    // Stopped on dispose; also when the process exits or dies of an unhandled exception without disposing.
                    AppDomain.CurrentDomain.ProcessExit += cluster.OnProcessExit;
                    AppDomain.CurrentDomain.UnhandledException += cluster.OnUnhandledException;
                    return cluster;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>The end of the server log, for failure messages.</summary>
    public string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(_logFile);
            return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - 20)));
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Stops the server (immediate shutdown: the data is thrown away) and deletes the folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        try
        {
            if (File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
            {
                RunServerTool("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]);
            }
        }
        finally
        {
            // A server process that is still exiting can add a file while the folder is deleted: try again.
            for (var attempt = 1; attempt <= 5 && Directory.Exists(_root); attempt++)
            {
                try
                {
                    Directory.Delete(_root, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e) => Dispose();

    private void RunServerTool(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        if (_asServerUser)
        {
            Run("runuser", ["-u", ServerUser, "--", path, .. arguments], _root);
        }
        else
        {
            Run(path, arguments, _root);
        }
    }

    private static IEnumerable<string> CandidateBinDirectories()
    {
        var fromPgConfig = TryRun("pg_config", ["--bindir"]);
        if (!string.IsNullOrWhiteSpace(fromPgConfig))
        {
            yield return fromPgConfig.Trim();
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d).Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .OrderByDescending(x => x.Version);
            foreach (var (directory, _) in versions)
            {
                yield return Path.Combine(directory, "bin");
            }
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(folder, "initdb");
            if (File.Exists(initdb))
            {
                // Debian links initdb into PATH; pg_ctl and postgres live beside the real file.
                var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                yield return Path.GetDirectoryName(target)!;
            }
        }
    }

    private static bool IsRoot() => (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()) && Environment.UserName == "root";

    private static bool CanRunAsServerUser(out string? reasonUnavailable)
    {
        reasonUnavailable = null;
        if (TryRun("runuser", ["-u", ServerUser, "--", "true"]) is null)
        {
            reasonUnavailable = "running as root, and the server binaries cannot be run as the 'postgres' user (runuser or the user is missing)";
            return false;
        }

        return true;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? TryRun(string fileName, IReadOnlyList<string> arguments)
    {
        try
        {
            return Run(fileName, arguments, null);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Run(string fileName, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} did not finish in two minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result.Trim()} {stdout.Trim()}");
        }

        return stdout;
    }
}

using System.Globalization;

namespace ReportBot.Cli.Bench;

/// <summary>Resident memory of a process from <c>/proc/{pid}/status</c> (Linux): current (VmRSS) and peak (VmHWM), in MB.</summary>
internal static class ProcessMemory
{
    public static (double RssMb, double PeakMb) Read(int pid)
    {
        double rss = double.NaN, peak = double.NaN;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line) / 1024;
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line) / 1024;
            }
        }
        catch (IOException) { }
        return (rss, peak);
    }

    private static double Kb(string line) =>
        double.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}

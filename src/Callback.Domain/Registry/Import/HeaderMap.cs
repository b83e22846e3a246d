namespace Callback.Domain.Registry.Import;

/// <summary>Which source column feeds which registry column; unknown extra columns are kept aside.</summary>
public sealed class HeaderMap
{
    private HeaderMap(int[] sourceIndexByColumn, IReadOnlyList<string> unknownColumns)
    {
        SourceIndexByColumn = sourceIndexByColumn;
        UnknownColumns = unknownColumns;
    }

    /// <summary>For each <see cref="RegistryColumn"/>, the source column index, or -1 when absent.</summary>
    public IReadOnlyList<int> SourceIndexByColumn { get; }

    public IReadOnlyList<string> UnknownColumns { get; }

    public static HeaderMap Build(IReadOnlyList<string?> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var map = Enumerable.Repeat(-1, RegistryColumns.Count).ToArray();
        var unknown = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (RegistryColumns.Match(header) is not { } column)
            {
                if (!string.IsNullOrWhiteSpace(header))
                    unknown.Add(header.Trim());
                continue;
            }

            if (map[(int)column] >= 0)
                throw new RegistryFileException(FileProblemCodes.DuplicateColumn,
                    $"表头中“{RegistryColumns.Header(column)}”列出现了两次（第 {map[(int)column] + 1} 列和第 {i + 1} 列）");
            map[(int)column] = i;
        }

        if (map.All(i => i < 0))
            throw new RegistryFileException(FileProblemCodes.NoHeader,
                "第一行不是可识别的表头：应包含“姓名”“残疾人证号”“所属地区代码”等列");

        var missing = RegistryColumns.All.Where(c => RegistryColumns.IsRequired(c) && map[(int)c] < 0).ToList();
        if (missing.Count > 0)
            throw new RegistryFileException(FileProblemCodes.MissingColumns,
                "表头缺少必需的列：" + string.Join("、", missing.Select(RegistryColumns.Header)));
        return new HeaderMap(map, unknown);
    }
}

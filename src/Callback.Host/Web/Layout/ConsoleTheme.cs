using MudBlazor;

namespace Callback.Host.Web.Layout;

/// <summary>
/// Fonts a Chinese office PC has (no web font is fetched: the intranet may have no internet), and status colours dark
/// enough for white text (WCAG AA, 4.5:1): MudBlazor's default info, success and warning are lighter than that.
/// </summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Info = "#0b5cab", Success = "#1b6e20", Warning = "#8f4a00", Error = "#b00020" },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "sans-serif"],
            },
        },
    };
}

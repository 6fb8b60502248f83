/// Where a ``WeatherConditions``' numbers came from. The raw values are what the forecast cache and
/// `suggest --json` hold (`"source": "open-meteo"`), so they never change.
public enum WeatherSource: String, Codable, CaseIterable, Sendable {
    /// Typed by the person (`--temp`, the TUI's T).
    case manual
    /// Fetched from Open-Meteo just now.
    case openMeteo = "open-meteo"
    /// Open-Meteo's answer from the wardrobe's forecast cache.
    case cache
}

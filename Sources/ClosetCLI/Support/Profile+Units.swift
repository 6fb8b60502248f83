import ClosetKit
import Weather

extension Profile {
    /// The unit temperatures are shown and typed in: °F with `closet profile --units imperial`.
    var temperatureUnit: TemperatureUnit { units == .imperial ? .fahrenheit : .celsius }
}

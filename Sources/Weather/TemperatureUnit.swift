/// How temperatures are shown and typed: closet computes in °C and shows °F where the profile asks for
/// imperial units (`closet profile --units imperial`).
public enum TemperatureUnit: String, Sendable, CaseIterable {
    case celsius, fahrenheit

    public var symbol: String { self == .celsius ? "°C" : "°F" }

    /// "5 °C" or "41 °F" for a temperature in °C, rounded to a degree.
    public func text(_ celsius: Double) -> String { "\(Int(display(celsius).rounded())) \(symbol)" }

    /// A temperature in °C in this unit.
    public func display(_ celsius: Double) -> Double { self == .celsius ? celsius : celsius * 9 / 5 + 32 }

    /// A temperature typed in this unit, in °C.
    public func celsius(_ typed: Double) -> Double { self == .celsius ? typed : (typed - 32) * 5 / 9 }
}

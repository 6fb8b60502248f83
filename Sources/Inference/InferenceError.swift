/// Why a model could not be loaded or run.
public enum InferenceError: Error, Equatable, CustomStringConvertible {
    case badModel(String)
    case badInput(String)

    public var description: String {
        switch self {
        case .badModel(let m): "the model is invalid: \(m)"
        case .badInput(let m): "bad input: \(m)"
        }
    }
}

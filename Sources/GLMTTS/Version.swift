/// The library's version, printed by `glmtts --version`.
public enum GLMTTSVersion {
    public static let string = "0.1.0"
}

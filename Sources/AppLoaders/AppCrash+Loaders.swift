import Gateway

// A dispatch whose app process died did not finish: `gwsh run` and piped input fail it.

extension PythonWorkerDied: AppCrash {}

extension PythonRestartFailed: AppCrash {}

extension CGIError: AppCrash {
  /// Only a program killed by a signal crashed; the other cases are set-up failures reported as errors.
  var isCrash: Bool {
    if case .killed = self { return true }
    return false
  }
}

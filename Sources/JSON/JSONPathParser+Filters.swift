/// Filter expressions (RFC 9535 §2.3.5) and the type checks of function
/// expressions (§2.4.3): what may be compared, tested or passed to a function.
extension JSONPathParser {
  /// What an operand of `&&`, `||`, a comparison or a function argument turned out to be.
  enum Operand {
    case literal(JSONValue)
    case query(JSONPath.Query)
    case function(JSONPath.FunctionCall)
    case logical(JSONPath.LogicalExpression)
  }

  mutating func filterExpression() throws(JSONPathError) -> JSONPath.LogicalExpression {
    let start = position
    return try logical(try orExpression(), at: start)
  }

  /// The operand as a test: a query exists, a function gives LogicalType or NodesType.
  func logical(_ operand: Operand, at start: Int) throws(JSONPathError) -> JSONPath.LogicalExpression {
    switch operand {
    case .logical(let expression): return expression
    case .query(let query): return .exists(query)
    case .function(let call) where call.function.result != .value: return .function(call)
    case .function(let call):
      throw error(
        "a comparison or a test: \(call.function.rawValue)() gives a value, compare it (as in \(call.function.rawValue)(@) > 1)",
        at: start)
    case .literal:
      throw error("a comparison or a test: a literal alone is neither", at: start)
    }
  }

  mutating func orExpression() throws(JSONPathError) -> Operand {
    let start = position
    var first = try andExpression()
    var operands: [JSONPath.LogicalExpression] = []
    while true {
      let before = position
      skipBlanks()
      guard take("||") else {
        position = before
        break
      }
      if operands.isEmpty { operands.append(try logical(first, at: start)) }
      skipBlanks()
      let next = position
      operands.append(try logical(try andExpression(), at: next))
    }
    if !operands.isEmpty { first = .logical(.or(operands)) }
    return first
  }

  mutating func andExpression() throws(JSONPathError) -> Operand {
    let start = position
    var first = try basicExpression()
    var operands: [JSONPath.LogicalExpression] = []
    while true {
      let before = position
      skipBlanks()
      guard take("&&") else {
        position = before
        break
      }
      if operands.isEmpty { operands.append(try logical(first, at: start)) }
      skipBlanks()
      let next = position
      operands.append(try logical(try basicExpression(), at: next))
    }
    if !operands.isEmpty { first = .logical(.and(operands)) }
    return first
  }

  /// A parenthesised expression, a negation, or a comparable with an optional comparison after it.
  mutating func basicExpression() throws(JSONPathError) -> Operand {
    if take("!") {
      skipBlanks()
      let start = position
      if take("(") { return .logical(.not(try parenthesised())) }
      let operand = try primary()
      switch operand {
      case .query, .function: return .logical(.not(try logical(operand, at: start)))
      default: throw error("a query or a function to negate, or '('", at: start)
      }
    }
    if take("(") { return .logical(try parenthesised()) }
    let leftStart = position
    let left = try primary()
    let before = position
    skipBlanks()
    guard let comparison = JSONPath.ComparisonOperator.allCases.first(where: { take($0.rawValue) }) else {
      position = before
      return left
    }
    skipBlanks()
    let rightStart = position
    let right = try primary()
    return .logical(
      .comparison(
        try comparable(left, at: leftStart), comparison, try comparable(right, at: rightStart)))
  }

  /// The inside of `( … )` after the `(`, and the `)`.
  mutating func parenthesised() throws(JSONPathError) -> JSONPath.LogicalExpression {
    skipBlanks()
    let inner = try filterExpression()
    skipBlanks()
    guard take(")") else { throw error("')'") }
    return inner
  }

  /// A side of a comparison: a literal, a singular query, or a function giving a value.
  func comparable(_ operand: Operand, at start: Int) throws(JSONPathError) -> JSONPath.Comparable {
    switch operand {
    case .literal(let value): return .literal(value)
    case .query(let query) where query.isSingular: return .query(query)
    case .query:
      throw error(
        "a singular query (names and indexes only) to compare: this one may select several nodes", at: start)
    case .function(let call) where call.function.result == .value: return .function(call)
    case .function(let call):
      throw error("a value to compare: \(call.function.rawValue)() is true or false, use it as a test", at: start)
    case .logical:
      throw error("a value to compare, not a logical expression", at: start)
    }
  }

  /// A literal, a query or a function call.
  mutating func primary() throws(JSONPathError) -> Operand {
    switch peek {
    case "@", "$": return .query(try query())
    case "'", "\"": return .literal(.string(try stringLiteral()))
    case let scalar? where scalar == "-" || Self.isDigit(scalar): return .literal(try numberLiteral())
    case let scalar? where ("a"..."z").contains(scalar):
      let start = position
      var name = String.UnicodeScalarView()
      while let scalar = peek, ("a"..."z").contains(scalar) || scalar == "_" || Self.isDigit(scalar) {
        name.append(scalar)
        position += 1
      }
      let word = String(name)
      if peek == "(" { return .function(try functionCall(word, at: start)) }
      switch word {
      case "true": return .literal(.bool(true))
      case "false": return .literal(.bool(false))
      case "null": return .literal(.null)
      default:
        throw error("a literal (true, false, null, a number or a quoted string), a query or a function call", at: start)
      }
    default:
      throw error("a literal, a query (@… or $…), a function call, '!' or '('")
    }
  }

  /// `name(arguments)` from the `(`, each argument checked against the function's parameter type.
  mutating func functionCall(_ name: String, at start: Int) throws(JSONPathError) -> JSONPath.FunctionCall {
    guard let function = JSONPath.Function(rawValue: name) else {
      throw error("a function: length, count, match, search or value", at: start)
    }
    position += 1  // the "("
    var arguments: [JSONPath.Argument] = []
    skipBlanks()
    if !take(")") {
      while true {
        let argumentStart = position
        let parameters = function.parameters
        guard arguments.count < parameters.count else {
          throw error("')': \(name)() takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s")")
        }
        let operand = try orExpression()
        arguments.append(try argument(operand, parameters[arguments.count], of: function, at: argumentStart))
        skipBlanks()
        if take(")") { break }
        guard take(",") else { throw error("',' or ')'") }
        skipBlanks()
      }
    }
    guard arguments.count == function.parameters.count else {
      throw error(
        "\(function.parameters.count) argument\(function.parameters.count == 1 ? "" : "s") to \(name)()",
        at: position - 1)
    }
    return JSONPath.FunctionCall(function: function, arguments: arguments)
  }

  func argument(
    _ operand: Operand, _ type: JSONPath.ExpressionType, of function: JSONPath.Function, at start: Int
  ) throws(JSONPathError) -> JSONPath.Argument {
    switch type {
    case .value:
      switch operand {
      case .literal, .query, .function: return .value(try comparable(operand, at: start))
      case .logical: throw error("a value as the argument of \(function.rawValue)()", at: start)
      }
    case .logical:
      return .logical(try logical(operand, at: start))
    case .nodes:
      guard case .query(let query) = operand else {
        throw error("a query (@… or $…) as the argument of \(function.rawValue)()", at: start)
      }
      return .nodes(query)
    }
  }
}

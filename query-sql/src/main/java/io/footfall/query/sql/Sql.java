package io.footfall.query.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * SQL text with its bound parameters, built left to right: every {@code ?} in the text has its
 * value at the same position in {@link #params()}. User input only ever enters as a parameter.
 */
final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  Sql add(String s) {
    text.append(s);
    return this;
  }

  Sql add(Sql other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  Sql param(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends an expression containing exactly one {@code ?}, bound to {@code value}. */
  Sql withParam(String expression, Object value) {
    if (marks(expression) != 1) {
      throw new IllegalStateException("expected one parameter in " + expression);
    }
    text.append(expression);
    params.add(value);
    return this;
  }

  /**
   * Appends {@code template} applied to {@code inner}'s text, binding {@code inner}'s parameters
   * and then {@code trailing}: the dialect places its argument before its own {@code ?}.
   */
  Sql call(UnaryOperator<String> template, Sql inner, Object... trailing) {
    String applied = template.apply(inner.text.toString());
    if (marks(applied) != inner.params.size() + trailing.length) {
      throw new IllegalStateException("parameter count mismatch in " + applied);
    }
    text.append(applied);
    params.addAll(inner.params);
    params.addAll(List.of(trailing));
    return this;
  }

  String text() {
    return text.toString();
  }

  List<Object> params() {
    return params;
  }

  CompiledQuery compiled() {
    return new CompiledQuery(text.toString(), params);
  }

  private static long marks(String s) {
    return s.chars().filter(ch -> ch == '?').count();
  }
}

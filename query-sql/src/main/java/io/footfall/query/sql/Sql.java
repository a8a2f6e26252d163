package io.footfall.query.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * SQL text with its bound parameters and its references to the statement's named subqueries (CTEs),
 * built left to right. User input only ever enters as a parameter: the compiler's own text never
 * holds a {@code ?} ({@link #add(String)} refuses one), so every {@code ?} of the rendered
 * statement is a parameter, bound to the value at the same position.
 *
 * <p>A reference to a named subquery ({@link #ref}) stays structural until the statement is
 * rendered ({@link Statement}): as its name after {@code WITH name AS (...)} where the dialect has
 * CTEs, or as the subquery itself, aliased, where it has none (ClickHouse 18.16).
 */
final class Sql {
  private sealed interface Part {}

  private record Text(String text) implements Part {}

  private record Param(Object value) implements Part {}

  private record Ref(String name) implements Part {}

  /** Stands for the inner expression in a dialect's template ({@link #call}). */
  private static final String INNER = "\u0000inner\u0000";

  private final List<Part> parts = new ArrayList<>();

  /**
   * Appends the compiler's own text.
   *
   * @throws IllegalStateException if it holds a {@code ?}, which would be taken for a parameter
   */
  Sql add(String s) {
    if (s.indexOf('?') >= 0) {
      throw new IllegalStateException("the compiler's SQL text must not contain '?': " + s);
    }
    if (!s.isEmpty()) {
      parts.add(new Text(s));
    }
    return this;
  }

  Sql add(Sql other) {
    parts.addAll(other.parts);
    return this;
  }

  Sql param(Object value) {
    parts.add(new Param(value));
    return this;
  }

  /** Appends a reference to the named subquery {@code name} of the statement. */
  Sql ref(String name) {
    parts.add(new Ref(name));
    return this;
  }

  /**
   * Appends an expression containing one {@code ?} or more, each bound to {@code value} (a dialect
   * may need a property's key twice).
   */
  Sql withParam(String expression, Object value) {
    int n = (int) marks(expression);
    if (n < 1) {
      throw new IllegalStateException("expected a parameter in " + expression);
    }
    Object[] values = new Object[n];
    java.util.Arrays.fill(values, value);
    return call(t -> expression, new Sql(), values);
  }

  /**
   * Appends {@code template} applied to {@code inner}: wherever the template places its argument,
   * {@code inner} goes (with its parameters and references), and each {@code ?} of the template
   * itself is bound to the next of {@code trailing}, left to right.
   */
  Sql call(UnaryOperator<String> template, Sql inner, Object... trailing) {
    String applied = template.apply(INNER);
    if (marks(applied) != trailing.length) {
      throw new IllegalStateException("parameter count mismatch in " + applied);
    }
    int next = 0;
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < applied.length(); i++) {
      if (applied.startsWith(INNER, i)) {
        flush(text);
        parts.addAll(inner.parts);
        i += INNER.length() - 1;
      } else if (applied.charAt(i) == '?') {
        flush(text);
        parts.add(new Param(trailing[next++]));
      } else {
        text.append(applied.charAt(i));
      }
    }
    flush(text);
    return this;
  }

  private void flush(StringBuilder text) {
    if (!text.isEmpty()) {
      parts.add(new Text(text.toString()));
      text.setLength(0);
    }
  }

  /**
   * Renders the text and parameters; a reference to a named subquery of {@code inline} becomes the
   * subquery's own SQL in parentheses with its name as alias, any other its name.
   */
  void render(StringBuilder text, List<Object> params, Map<String, Sql> inline) {
    for (Part p : parts) {
      switch (p) {
        case Text t -> text.append(t.text());
        case Param v -> {
          text.append('?');
          params.add(v.value());
        }
        case Ref r when !inline.containsKey(r.name()) -> text.append(r.name());
        case Ref r -> {
          text.append('(');
          inline.get(r.name()).render(text, params, inline);
          text.append(") AS ").append(r.name());
        }
      }
    }
  }

  private static long marks(String s) {
    return s.chars().filter(ch -> ch == '?').count();
  }

  /**
   * A statement: named subqueries in order, each referring only to earlier ones, then the main
   * select; rendered with {@code WITH} or with every reference inlined, as the dialect has it.
   */
  static final class Statement {
    private final Map<String, Sql> named = new java.util.LinkedHashMap<>();

    void add(String name, Sql body) {
      if (named.putIfAbsent(name, body) != null) {
        throw new IllegalStateException("two subqueries named " + name);
      }
    }

    /**
     * The subqueries as steps and the main select: those named in {@code inlined} are written out
     * where they are used, every other one is a step referred to by its name.
     */
    CompiledSteps steps(Sql main, java.util.Set<String> inlined) {
      Map<String, Sql> inline = new java.util.HashMap<>();
      for (String name : inlined) {
        if (!named.containsKey(name)) {
          throw new IllegalArgumentException("no subquery named " + name + " to inline");
        }
        inline.put(name, named.get(name));
      }
      List<CompiledSteps.Step> steps = new ArrayList<>();
      for (Map.Entry<String, Sql> e : named.entrySet()) {
        if (!inline.containsKey(e.getKey())) {
          steps.add(new CompiledSteps.Step(e.getKey(), render(e.getValue(), inline)));
        }
      }
      return new CompiledSteps(steps, render(main, inline));
    }

    private static CompiledQuery render(Sql sql, Map<String, Sql> inline) {
      StringBuilder text = new StringBuilder();
      List<Object> params = new ArrayList<>();
      sql.render(text, params, inline);
      return new CompiledQuery(text.toString(), params);
    }

    CompiledQuery compile(Sql main, SqlDialect dialect) {
      StringBuilder text = new StringBuilder();
      List<Object> params = new ArrayList<>();
      if (dialect.namedSubqueries()) {
        String sep = "WITH ";
        for (Map.Entry<String, Sql> e : named.entrySet()) {
          text.append(sep).append(e.getKey()).append(" AS (");
          e.getValue().render(text, params, Map.of());
          text.append(')');
          sep = ", ";
        }
        if (!named.isEmpty()) {
          text.append(' ');
        }
        main.render(text, params, Map.of());
      } else {
        main.render(text, params, named);
      }
      return new CompiledQuery(text.toString(), params);
    }
  }
}

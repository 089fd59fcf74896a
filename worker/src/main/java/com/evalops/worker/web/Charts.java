package com.evalops.worker.web;

import java.util.List;
import java.util.Locale;

/**
 * The run page's charts as inline SVG, drawn on the server: no script, no outside request. Every
 * label is escaped; numbers are formatted here.
 */
final class Charts {
  private Charts() {}

  /**
   * The confusion matrix as a heat map, each row normalised by its gold count: the diagonal (right
   * answers) in blue, confusions in red, darker for a larger share. Each cell's title gives counts.
   */
  static String heatMap(List<String> labels, long[][] counts) {
    int n = labels.size();
    if (n == 0) {
      return "";
    }
    int cell = Math.max(8, Math.min(22, 560 / n));
    int margin = 8 + 7 * labels.stream().mapToInt(String::length).max().orElse(4);
    int size = margin + n * cell;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" role=\"img\""
                + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " aria-label=\"Confusion matrix: gold intent rows, predicted intent columns\">",
            size + 4,
            size + 4,
            size + 4,
            size + 4));
    svg.append("<title>Confusion matrix (rows: gold intent, columns: predicted)</title>");
    for (int i = 0; i < n; i++) {
      String label = Html.escape(labels.get(i));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"axis\">%s</text>",
              margin - 4,
              margin + i * cell + cell / 2 + 4,
              label));
      int x = margin + i * cell + cell / 2 + 4;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" class=\"axis\">%s</text>",
              x,
              margin - 4,
              x,
              margin - 4,
              label));
    }
    for (int i = 0; i < n; i++) {
      long rowTotal = 0;
      for (long c : counts[i]) {
        rowTotal += c;
      }
      for (int j = 0; j < n; j++) {
        long c = counts[i][j];
        double share = rowTotal == 0 ? 0 : (double) c / rowTotal;
        String fill = c == 0 ? "#f4f5f7" : color(i == j, share);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s → %s:"
                    + " %d of %d (%.1f%%)</title></rect>",
                margin + j * cell,
                margin + i * cell,
                cell - 1,
                cell - 1,
                fill,
                Html.escape(labels.get(i)),
                Html.escape(labels.get(j)),
                c,
                rowTotal,
                100 * share));
      }
    }
    svg.append("</svg>");
    return svg.toString();
  }

  private static String color(boolean diagonal, double share) {
    double lightness = 92 - 55 * Math.min(1, diagonal ? share : Math.sqrt(share));
    return String.format(
        Locale.ROOT, "hsl(%d,%d%%,%.0f%%)", diagonal ? 212 : 4, diagonal ? 65 : 75, lightness);
  }

  /** One intent's scores. */
  record IntentScore(String intent, double precision, double recall, long support) {}

  /** Per-intent precision and recall as pairs of horizontal bars on a 0–1 scale. */
  static String bars(List<IntentScore> scores) {
    if (scores.isEmpty()) {
      return "";
    }
    int labelWidth = 8 + 7 * scores.stream().mapToInt(s -> s.intent().length()).max().orElse(4);
    int barWidth = 300;
    int row = 22;
    int height = 24 + scores.size() * row;
    int width = labelWidth + barWidth + 130;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" role=\"img\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" aria-label=\"Per-intent precision and"
                + " recall\">",
            width,
            height,
            width,
            height));
    svg.append("<title>Per-intent precision (upper bar) and recall (lower bar)</title>");
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"4\" width=\"10\" height=\"8\" class=\"p\"/><text x=\"%d\" y=\"12\""
                + " class=\"axis\">precision</text><rect x=\"%d\" y=\"4\" width=\"10\" height=\"8\""
                + " class=\"r\"/><text x=\"%d\" y=\"12\" class=\"axis\">recall</text>",
            labelWidth,
            labelWidth + 14,
            labelWidth + 90,
            labelWidth + 104));
    for (int i = 0; i < scores.size(); i++) {
      IntentScore s = scores.get(i);
      int y = 20 + i * row;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"axis\">%s</text>",
              labelWidth - 6,
              y + 13,
              Html.escape(s.intent())));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"8\" class=\"track\"/>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"8\" class=\"p\"><title>%s"
                  + " precision %.3f</title></rect>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"8\" class=\"track\"/>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"8\" class=\"r\"><title>%s"
                  + " recall %.3f</title></rect>",
              labelWidth,
              y + 2,
              barWidth,
              labelWidth,
              y + 2,
              barWidth * s.precision(),
              Html.escape(s.intent()),
              s.precision(),
              labelWidth,
              y + 11,
              barWidth,
              labelWidth,
              y + 11,
              barWidth * s.recall(),
              Html.escape(s.intent()),
              s.recall()));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"value\">P %.2f · R %.2f · n %d</text>",
              labelWidth + barWidth + 6,
              y + 13,
              s.precision(),
              s.recall(),
              s.support()));
    }
    svg.append("</svg>");
    return svg.toString();
  }
}

"""PDF report rendering (ReportLab). Takes plain data, returns bytes."""

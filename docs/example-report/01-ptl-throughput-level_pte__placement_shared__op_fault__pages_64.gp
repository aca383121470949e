# ptbench plot ptl-throughput: written by 'ptbench plot', restyle freely.
# Data: 01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.dat. Render: gnuplot 01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.gp (writes 01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.png and 01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.svg).
# Every string below is a single-quoted literal (from the result files).

set encoding utf8
set title 'ptl throughput vs worker threads: level=pte, placement=shared, op=fault, pages=64' noenhanced
set xlabel 'worker threads' noenhanced
set ylabel 'ops_per_sec (ops/s)' noenhanced
set grid
set key outside right top noenhanced

set terminal pngcairo size 1000,600 noenhanced font 'sans,10'
set output '01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.png'
plot '01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.dat' index 0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'quick-a', \
     '01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.dat' index 1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'quick-b'

set terminal svg size 1000,600 dynamic noenhanced font 'sans,11'
set output '01-ptl-throughput-level_pte__placement_shared__op_fault__pages_64.svg'
replot
unset output

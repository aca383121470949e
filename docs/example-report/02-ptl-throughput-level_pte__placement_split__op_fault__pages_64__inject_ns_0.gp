# ptbench plot ptl-throughput: written by 'ptbench plot', restyle freely.
# Data: 02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.dat. Render: gnuplot 02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.gp (writes 02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.png and 02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.svg).
# Every string below is a single-quoted literal (from the result files).

set encoding utf8
set title 'ptl throughput vs worker threads: level=pte, placement=split, op=fault, pages=64, inject_ns=0' noenhanced
set xlabel 'worker threads' noenhanced
set ylabel 'ops_per_sec (ops/s)' noenhanced
set grid
set key outside right top noenhanced

set terminal pngcairo size 1000,600 noenhanced font 'sans,10'
set output '02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.png'
plot '02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.dat' index 0 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'A', \
     '02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.dat' index 1 using 1:2:3:4 with yerrorlines lw 2 pt 7 title 'A'

set terminal svg size 1000,600 dynamic noenhanced font 'sans,11'
set output '02-ptl-throughput-level_pte__placement_split__op_fault__pages_64__inject_ns_0.svg'
replot
unset output

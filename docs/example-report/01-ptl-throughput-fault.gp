# ptbench plot ptl-throughput: written by 'ptbench plot'; restyle here and run
# 'gnuplot 01-ptl-throughput-fault.gp' (writes 01-ptl-throughput-fault.png and 01-ptl-throughput-fault.svg from 01-ptl-throughput-fault.dat).
# Strings from the result files are single-quoted literals.

# one colour per side (BASE, NEW, NEW2...), the same in every figure
array side_colour[6] = ['#1f5fa8', '#c8281e', '#2a8a3a', '#8a4fb0', '#c07a00', '#555555']
width = 860; height = 480

do for [fmt in 'png svg'] {
if (fmt eq 'png') {
	set terminal pngcairo size width,height noenhanced font 'sans,10'
} else {
	set terminal svg size width,height dynamic noenhanced font 'sans,11'
}
set output '01-ptl-throughput-fault.'.fmt
set encoding utf8
set grid
set key noenhanced
set multiplot layout 1,2 title 'fault: page-table lock throughput by worker threads, a panel per level; solid: one shared table, dashed: split tables'
set title 'pte' noenhanced
set key top left box opaque
set offsets 0, 0, graph 0.35, 0
set xlabel 'worker threads' noenhanced
set ylabel 'throughput (ops/s)' noenhanced
set xtics (1, 2)
unset logscale x
set xrange [0.5:2.5]
set yrange [0:*]
plot '01-ptl-throughput-fault.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb side_colour[1] dt 1 lw 2 pt 7 title 'base, shared', \
     '01-ptl-throughput-fault.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb side_colour[2] dt 1 lw 2 pt 7 title 'inject-5000ns, shared', \
     '01-ptl-throughput-fault.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb side_colour[1] dt 2 lw 2 pt 5 title 'base, split', \
     '01-ptl-throughput-fault.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb side_colour[2] dt 2 lw 2 pt 5 title 'inject-5000ns, split'
set title 'pmd' noenhanced
unset key
set offsets 0, 0, graph 0.35, 0
set xlabel 'worker threads' noenhanced
set ylabel 'throughput (ops/s)' noenhanced
set xtics (1, 2)
unset logscale x
set xrange [0.5:2.5]
set yrange [0:*]
plot '01-ptl-throughput-fault.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb side_colour[1] dt 1 lw 2 pt 7 title 'base, shared', \
     '01-ptl-throughput-fault.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb side_colour[2] dt 1 lw 2 pt 7 title 'inject-5000ns, shared', \
     '01-ptl-throughput-fault.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb side_colour[1] dt 2 lw 2 pt 5 title 'base, split', \
     '01-ptl-throughput-fault.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb side_colour[2] dt 2 lw 2 pt 5 title 'inject-5000ns, split'
unset multiplot
unset output
reset
}

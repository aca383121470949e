// SPDX-License-Identifier: GPL-2.0
/*
 * What the run ran on. Everything is read from the running system (sysfs,
 * procfs, the kernel config); the arch profile only supplies what user space
 * cannot see, the page-table geometry. A missing file gives a JSON null, never
 * an error: kernels differ in what they expose, and the result must still be
 * written.
 */
#include <dirent.h>
#include <inttypes.h>


#include "lib/spawn.h"
#include "placement.h"
#include "sysinfo.h"
#include "sysinfo_int.h"

/*
 * One PMD entry maps exactly one PTE table, so the kernel's hpage_pmd_size
 * checks the profile: when they differ the spans are wrong for this MMU
 * (e.g. ppc64 hash, whose 64K PTE tables map 16M, against the radix profile)
 * and "split" placements may share a table.
 */
static json_t *geometry_warning(const struct archprof *ap, const struct wl_sys *sys)
{
	char pmd[32], span[32], buf[256];

	if (!exists(THP_DIR "/hpage_pmd_size") || sys->pmd_size == sys->pte_table_span)
		return json_null();
	fmt_size(sys->pmd_size, pmd, sizeof(pmd));
	fmt_size(sys->pte_table_span, span, sizeof(span));
	snprintf(buf, sizeof(buf), "hpage_pmd_size is %s but profile %s says one PTE table maps %s: the profile does not describe this MMU",
		 pmd, ap->arch, span);
	return jstr(buf);
}

static json_t *memory_section(const struct archprof *ap, const struct wl_sys *sys)
{
	json_t *m = json_object();
	const char *src = NULL;
	struct pt_geom g;
	long long v;
	int have;

	have = !sys_geom(ap, sys->page_size, &g, &src);
	set(m, "page_size", json_integer((json_int_t)sys->page_size));
	set(m, "pmd_size", json_integer((json_int_t)sys->pmd_size));
	set(m, "pmd_size_source", json_string(exists(THP_DIR "/hpage_pmd_size") ?
					      "hpage_pmd_size" : "profile"));
	set(m, "pud_size", json_integer((json_int_t)sys->pud_size));
	set(m, "pte_table_span", json_integer((json_int_t)sys->pte_table_span));
	set(m, "pmd_table_span", json_integer((json_int_t)sys->pmd_table_span));
	set(m, "pte_lock_span", json_integer((json_int_t)sys->pte_lock_span));
	set(m, "pmd_lock_span", json_integer((json_int_t)sys->pmd_lock_span));
	set(m, "levels", jint_or_null(have ? g.levels : 0, have));
	set(m, "levels_source", have ? json_string(src) : json_null());
	set(m, "split_pmd_lock", have ? json_boolean(g.split_pmd_lock) : json_null());
	set(m, "geometry_warning", geometry_warning(ap, sys));
	v = meminfo_bytes("MemTotal");
	set(m, "mem_total", jint_or_null(v, v >= 0));
	v = meminfo_bytes("MemAvailable");
	set(m, "mem_available", jint_or_null(v, v >= 0));
	return m;
}

static const char *const arm_implementers[][2] = {
	{ "0x41", "ARM" }, { "0x42", "Broadcom" }, { "0x43", "Cavium" }, { "0x46", "Fujitsu" },
	{ "0x48", "HiSilicon" }, { "0x4e", "NVIDIA" }, { "0x50", "APM" }, { "0x51", "Qualcomm" },
	{ "0x61", "Apple" }, { "0x6d", "Microsoft" }, { "0xc0", "Ampere" },
};

struct cpuinfo {
	char model[256];	/* x86 "model name", ppc "cpu", s390 "machine" */
	char impl[32];		/* arm64 "CPU implementer" */
	char part[32];		/* arm64 "CPU part" */
	char mmu[32];		/* ppc64 "MMU": "Radix" or "Hash" */
	int flags_seen;		/* x86 "flags" line read */
	int hypervisor;		/* x86 "hypervisor" flag */
};

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static void cpuinfo_line(struct cpuinfo *ci, const char *key, const char *val)
{
	if (!strcmp(key, "model name") || !strcmp(key, "cpu") || !strcmp(key, "machine")) {
		if (!ci->model[0])
			snprintf(ci->model, sizeof(ci->model), "%s", val);
	} else if (!strcmp(key, "CPU implementer")) {
		snprintf(ci->impl, sizeof(ci->impl), "%s", val);
	} else if (!strcmp(key, "CPU part")) {
		snprintf(ci->part, sizeof(ci->part), "%s", val);
	} else if (!strcmp(key, "MMU")) {
		snprintf(ci->mmu, sizeof(ci->mmu), "%s", val);
	} else if (!strcmp(key, "flags")) {
		ci->flags_seen = 1;
		ci->hypervisor = has_word(val, "hypervisor");
	}
}

/*
 * The first CPU's block of /proc/cpuinfo is enough: stop there, a 500-CPU
 * x86 has megabytes of it. s390 puts "machine" in the per-CPU blocks after
 * a header block, older kernels only in "processor N: ..., machine = 8561"
 * lines. ppc64 puts "MMU" in a block after all CPUs (a few lines per CPU):
 * read it whole.
 */
static void cpuinfo_read(struct cpuinfo *ci, const char *machine)
{
	int whole = !strncmp(machine, "ppc", 3), blocks = 0;
	char *line = NULL, *m;
	size_t cap = 0;
	FILE *f;

	memset(ci, 0, sizeof(*ci));
	f = fopen("/proc/cpuinfo", "re");
	if (!f)
		return;
	while ((whole || blocks < 2) && getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':'), *k, *v, *e;

		line[strcspn(line, "\n")] = '\0';
		if (!line[0]) {
			if (!whole && (ci->model[0] || ci->impl[0]))
				break;
			blocks++;
			continue;
		}
		m = strstr(line, "machine = ");
		if (m && !ci->model[0])
			snprintf(ci->model, sizeof(ci->model), "%.*s", (int)strcspn(m + 10, " ,"), m + 10);
		if (!colon)
			continue;
		*colon = '\0';
		for (e = colon; e > line && (e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		k = line;
		v = colon + 1 + strspn(colon + 1, " \t");
		cpuinfo_line(ci, k, v);
	}
	free(line);
	fclose(f);
}

static void cpu_model(const struct cpuinfo *ci, const char *machine, char *buf, size_t len)
{
	const char *name = ci->impl;
	size_t i;

	buf[0] = '\0';
	if (!strcmp(machine, "s390x") && ci->model[0]) {
		snprintf(buf, len, "IBM Z machine type %s", ci->model);
		return;
	}
	if (ci->model[0]) {
		snprintf(buf, len, "%s", ci->model);
		return;
	}
	if (!ci->impl[0])
		return;
	for (i = 0; i < ARRAY_SIZE(arm_implementers); i++)
		if (!strcasecmp(ci->impl, arm_implementers[i][0]))
			name = arm_implementers[i][1];
	snprintf(buf, len, "%s part %s", name, ci->part[0] ? ci->part : "?");
}

static json_t *mitigations(void)
{
	json_t *o = json_object();
	struct dirent **ents;
	int i, n;

	n = scandir(CPU_DIR "/vulnerabilities", &ents, NULL, alphasort);
	if (n < 0) {
		json_decref(o);
		return json_null();
	}
	for (i = 0; i < n; i++) {
		char path[512];

		if (ents[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), CPU_DIR "/vulnerabilities/%s", ents[i]->d_name);
			set(o, ents[i]->d_name, file_str(path));
		}
		free(ents[i]);
	}
	free(ents);
	return o;
}

static json_t *topo_int(const struct topo *t, int (*fn)(const struct topo *))
{
	return t ? json_integer(fn(t)) : json_null();
}

static json_t *cpu_section(const struct cpuinfo *ci, const char *machine, const struct topo *t)
{
	json_t *c = json_object();
	char model[300];

	cpu_model(ci, machine, model, sizeof(model));
	set(c, "model", model[0] ? jstr(model) : json_null());
	set(c, "npus", topo_int(t, topo_npus));
	if (t && topo_missing_why(t)) {
		set(c, "npus_expected", json_integer(topo_expected(t)));
		set(c, "npus_missing_why", jstr(topo_missing_why(t)));
	}
	set(c, "ncores", topo_int(t, topo_ncores));
	set(c, "npackages", topo_int(t, topo_npackages));
	set(c, "nnuma", topo_int(t, topo_nnuma));
	set(c, "smt", topo_int(t, topo_smt));
	set(c, "mmu", ci->mmu[0] ? jstr(ci->mmu) : json_null());
	set(c, "smt_active", file_int(CPU_DIR "/smt/active"));
	set(c, "online", file_str(CPU_DIR "/online"));
	set(c, "governor", file_str(CPU_DIR "/cpu0/cpufreq/scaling_governor"));
	if (json_is_null(json_object_get(c, "governor")))
		set(c, "governor_note", json_string("no cpufreq"));
	set(c, "mitigations", mitigations());
	return c;
}

static json_t *mthp_sizes(void)
{
	uint64_t sizes[MAX_SIZES];
	json_t *o = json_object();
	int i, n;

	n = list_sizes(THP_DIR, sizes, MAX_SIZES);
	for (i = 0; i < n; i++) {
		char path[128], name[32];

		/* sizes without anon support (order 1) only have shmem_enabled */
		snprintf(path, sizeof(path), THP_DIR "/hugepages-%" PRIu64 "kB/enabled", sizes[i] >> 10);
		if (!exists(path))
			continue;
		fmt_size(sizes[i], name, sizeof(name));
		set(o, name, file_selected(path));
	}
	return o;
}

static json_t *thp_section(void)
{
	static const char *const sel[] = { "enabled", "defrag", "shmem_enabled" };
	static const char *const kh[] = {
		"defrag", "pages_to_scan", "scan_sleep_millisecs", "alloc_sleep_millisecs",
		"max_ptes_none", "max_ptes_swap", "max_ptes_shared", "pages_collapsed",
		"full_scans",
	};
	json_t *o = json_object(), *s = json_object(), *k = json_object();
	char path[128];
	size_t i;

	set(o, "available", json_boolean(exists(THP_DIR)));
	for (i = 0; i < ARRAY_SIZE(sel); i++) {
		snprintf(path, sizeof(path), THP_DIR "/%s", sel[i]);
		set(o, sel[i], file_str(path));
		set(s, sel[i], file_selected(path));
	}
	set(o, "selected", s);
	set(o, "use_zero_page", file_str(THP_DIR "/use_zero_page"));
	set(o, "hpage_pmd_size", file_int(THP_DIR "/hpage_pmd_size"));
	for (i = 0; i < ARRAY_SIZE(kh); i++) {
		snprintf(path, sizeof(path), THP_DIR "/khugepaged/%s", kh[i]);
		set(k, kh[i], file_int(path));
	}
	set(o, "khugepaged", k);
	set(o, "mthp_enabled", mthp_sizes());
	return o;
}

static json_t *hugetlb_section(void)
{
	static const char *const files[] = {
		"nr_hugepages", "free_hugepages", "resv_hugepages", "surplus_hugepages",
		"nr_overcommit_hugepages",
	};
	uint64_t sizes[MAX_SIZES];
	json_t *a = json_array();
	int i, n;

	n = list_sizes(HUGETLB_DIR, sizes, MAX_SIZES);
	for (i = 0; i < n; i++) {
		json_t *p = json_object();
		char path[160];
		size_t j;

		set(p, "size", json_integer((json_int_t)sizes[i]));
		for (j = 0; j < ARRAY_SIZE(files); j++) {
			snprintf(path, sizeof(path), HUGETLB_DIR "/hugepages-%" PRIu64 "kB/%s",
				 sizes[i] >> 10, files[j]);
			set(p, files[j], file_int(path));
		}
		json_array_append_new(a, p);
	}
	return a;
}

/*
 * Whether we run in a VM, cheaply: systemd-detect-virt knows the most; else
 * Xen's /sys/hypervisor, the x86 "hypervisor" CPUID flag (whose absence on
 * x86 does mean bare metal), a device-tree hypervisor node (ppc64, arm64).
 */
static json_t *virt_section(const struct cpuinfo *ci)
{
	char *argv[] = { "systemd-detect-virt", "--vm", NULL };
	json_t *o = json_object();
	char buf[64], *out;
	size_t len;
	int status;

	if (!spawn_capture(argv, 4096, &out, &len, &status)) {
		out[strcspn(out, "\n")] = '\0';
		if (WIFEXITED(status) && out[0]) {
			set(o, "type", jstr(out));
			set(o, "source", json_string("systemd-detect-virt"));
			free(out);
			return o;
		}
		free(out);
	}
	if (!read_str("/sys/hypervisor/type", buf, sizeof(buf)) && buf[0]) {
		set(o, "type", jstr(buf));
		set(o, "source", json_string("/sys/hypervisor/type"));
	} else if (ci->flags_seen) {
		set(o, "type", json_string(ci->hypervisor ? "vm" : "none"));
		set(o, "source", json_string("cpuinfo hypervisor flag"));
	} else if (!read_str("/proc/device-tree/hypervisor/compatible", buf, sizeof(buf))) {
		set(o, "type", jstr(buf));
		set(o, "source", json_string("device-tree hypervisor node"));
	} else {
		json_decref(o);
		return json_null();
	}
	return o;
}

json_t *sysinfo_capture(const struct archprof *ap, const struct wl_sys *sys, const struct topo *t)
{
	json_t *s = json_object(), *a = json_object();
	struct cpuinfo ci;
	struct utsname u;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	cpuinfo_read(&ci, u.machine);
	set(s, "kernel", sysinfo_kernel(&u));
	set(a, "machine", jstr(u.machine));
	set(a, "profile", jstr(ap->arch));
	set(s, "arch", a);
	set(s, "memory", memory_section(ap, sys));
	set(s, "cpu", cpu_section(&ci, u.machine, t));
	set(s, "thp", thp_section());
	set(s, "hugetlb", hugetlb_section());
	set(s, "numa_balancing", file_int("/proc/sys/kernel/numa_balancing"));
	set(s, "boot_id", file_str("/proc/sys/kernel/random/boot_id"));
	set(s, "host", jstr(u.nodename));
	set(s, "virtualization", virt_section(&ci));
	set(s, "collapse_sync_ipi", sys->collapse_sync_ipi < 0 ? json_null() :
	    json_boolean(sys->collapse_sync_ipi));
	return s;
}

"""The organisation of Kota Binjai (North Sumatra) as the synthetic city uses it: perangkat
daerah with their bidang, the 5 kecamatan and 37 kelurahan, and the fields of study each unit
works in (the domain brief's field → unit list).

Static data only; positions.py turns it into a peta jabatan. Names follow the city's
organisation as best known (Perda on perangkat daerah, renamed Bappeda → Bapperida); sub-unit
names are typical of a kota's SOTK rather than copied from one decree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Fields by domain (canonical names of vocab.FIELDS_OF_STUDY).
FINANCE = ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen")
LAW = ("Ilmu Hukum",)
GOVERNMENT = ("Administrasi Negara", "Ilmu Pemerintahan")
IT = ("Informatika", "Sistem Informasi", "Statistika")
HEALTH = ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi", "Kesehatan Masyarakat")
CIVIL = ("Teknik Sipil", "Arsitektur", "Planologi")


@dataclass(frozen=True)
class UnitSpec:
    unit_id: str
    name: str
    unit_type: str
    head: str                          # title of the head (JPT pratama, administrator, pengawas)
    fields: tuple[str, ...]            # fields of study the unit's work uses
    bidang: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (bidang, its seksi / sub bidang)
    size: float = 1.0                  # relative staff size (non-structural slots)
    parent: str | None = None
    families: tuple[str, ...] = ()     # fungsional families (catalog.FAMILIES keys)
    staff: tuple[str, ...] = ()        # unit-specific pelaksana titles (catalog.STAFF keys)
    priority: int = 9                  # kept first when a small world keeps only some units
    extra_jpt: tuple[str, ...] = ()    # further JPT pratama posts (asisten, staf ahli)
    has_secretariat: bool = True
    sub_word: str = "Seksi"            # "Seksi" in a dinas, "Sub Bidang" in a badan
    bidang_word: str = "Bidang"


def _b(spec: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """'Anggaran: Perencanaan Anggaran, Pelaksanaan Anggaran | Aset: ...' → tuples."""
    out = []
    for part in spec.split("|"):
        name, _, subs = part.partition(":")
        out.append((name.strip(), tuple(s.strip() for s in subs.split(",") if s.strip())))
    return tuple(out)


OPD: tuple[UnitSpec, ...] = (
    UnitSpec("SETDA", "Sekretariat Daerah", "sekretariat", "Sekretaris Daerah",
             GOVERNMENT + LAW, size=0.6, priority=1, has_secretariat=False,
             extra_jpt=("Asisten Pemerintahan dan Kesejahteraan Rakyat",
                        "Asisten Perekonomian dan Pembangunan", "Asisten Administrasi Umum",
                        "Staf Ahli Wali Kota Bidang Hukum, Politik dan Pemerintahan",
                        "Staf Ahli Wali Kota Bidang Ekonomi, Keuangan dan Pembangunan",
                        "Staf Ahli Wali Kota Bidang Kemasyarakatan dan Sumber Daya Manusia")),
    UnitSpec("SETWAN", "Sekretariat Dewan Perwakilan Rakyat Daerah", "sekretariat",
             "Sekretaris DPRD", GOVERNMENT + LAW + ("Ilmu Komunikasi",), size=1.0,
             bidang=_b("Umum dan Keuangan: Tata Usaha dan Kepegawaian, Keuangan, Rumah Tangga"
                       "| Persidangan dan Perundang-undangan: Persidangan, Perundang-undangan,"
                       " Risalah| Fasilitasi Penganggaran dan Pengawasan: Fasilitasi "
                       "Penganggaran, Fasilitasi Pengawasan, Humas dan Protokol"),
             bidang_word="Bagian", sub_word="Sub Bagian", has_secretariat=False,
             families=("analis_kebijakan", "pranata_humas"), priority=6),
    UnitSpec("INSPEKTORAT", "Inspektorat Daerah", "inspektorat", "Inspektur",
             FINANCE + LAW, size=1.4,
             bidang=_b("Inspektur Pembantu Wilayah I:| Inspektur Pembantu Wilayah II:"
                       "| Inspektur Pembantu Wilayah III:| Inspektur Pembantu Wilayah IV:"),
             bidang_word="", families=("auditor", "p2upd"), staff=("verifikator",),
             priority=3, sub_word="Sub Bagian"),
    UnitSpec("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "badan",
             "Kepala Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
             ("Planologi", "Ekonomi", "Statistika") + GOVERNMENT, size=1.0,
             bidang=_b("Perencanaan, Pengendalian dan Evaluasi Pembangunan: Perencanaan, "
                       "Pengendalian dan Evaluasi| Perekonomian dan Sumber Daya Alam: "
                       "Perekonomian, Sumber Daya Alam| Pemerintahan dan Pembangunan "
                       "Manusia: Pemerintahan, Pembangunan Manusia| Infrastruktur dan "
                       "Kewilayahan: Infrastruktur, Kewilayahan| Riset dan Inovasi: Riset, "
                       "Inovasi Daerah"),
             sub_word="Sub Bidang", families=("perencana", "statistisi", "peneliti"),
             priority=5),
    UnitSpec("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan",
             "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
             GOVERNMENT + ("Psikologi", "Manajemen"), size=1.0,
             bidang=_b("Pengadaan, Pemberhentian dan Informasi: Pengadaan dan Pemberhentian, "
                       "Data dan Informasi Kepegawaian| Mutasi dan Promosi: Mutasi, Kepangkatan "
                       "dan Promosi| Pengembangan Kompetensi Aparatur: Diklat Struktural, "
                       "Diklat Teknis dan Fungsional| Penilaian Kinerja Aparatur dan "
                       "Penghargaan: Penilaian Kinerja, Disiplin dan Penghargaan"),
             sub_word="Sub Bidang", families=("analis_sdm", "assessor_sdm", "pranata_komputer"),
             staff=("pengelola_kepegawaian",), priority=2),
    UnitSpec("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan",
             "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", FINANCE, size=1.6,
             bidang=_b("Anggaran: Perencanaan Anggaran, Pelaksanaan Anggaran, Evaluasi "
                       "Anggaran| Perbendaharaan: Kas Daerah, Belanja, Pengelolaan Gaji"
                       "| Akuntansi: Akuntansi dan Pelaporan, Verifikasi| Aset: Perencanaan "
                       "Kebutuhan Aset, Penatausahaan Aset, Pemanfaatan Aset"),
             sub_word="Sub Bidang", families=("analis_keuangan", "pranata_komputer"),
             staff=("penata_laporan_keuangan", "verifikator", "pengelola_aset", "bendahara_kas"),
             priority=1),
    UnitSpec("BAPENDA", "Badan Pendapatan Daerah", "badan", "Kepala Badan Pendapatan Daerah",
             FINANCE + ("Informatika",), size=1.3,
             bidang=_b("Pendataan dan Penetapan: Pendataan, Penetapan| Penagihan dan "
                       "Keberatan: Penagihan, Keberatan dan Banding| Pajak Bumi dan Bangunan "
                       "dan BPHTB: PBB, BPHTB| Pengendalian dan Evaluasi Pendapatan: "
                       "Pengendalian, Evaluasi dan Pelaporan"),
             sub_word="Sub Bidang", families=("analis_keuangan", "pranata_komputer"),
             staff=("pengelola_pajak", "juru_pungut"), priority=3),
    UnitSpec("BPBD", "Badan Penanggulangan Bencana Daerah", "badan",
             "Kepala Pelaksana Badan Penanggulangan Bencana Daerah",
             ("Teknik Sipil", "Administrasi Negara", "Teknik Lingkungan"), size=0.8,
             bidang=_b("Pencegahan dan Kesiapsiagaan: Pencegahan, Kesiapsiagaan| Kedaruratan "
                       "dan Logistik: Kedaruratan, Logistik| Rehabilitasi dan Rekonstruksi: "
                       "Rehabilitasi, Rekonstruksi"),
             families=("analis_bencana",), staff=("petugas_lapangan",), priority=8),
    UnitSpec("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan",
             "Kepala Badan Kesatuan Bangsa dan Politik", ("Ilmu Pemerintahan",
                                                          "Administrasi Negara", "Ilmu Hukum"),
             size=0.6,
             bidang=_b("Ideologi, Wawasan Kebangsaan dan Karakter Bangsa: Ideologi dan "
                       "Wawasan Kebangsaan, Karakter Bangsa| Politik Dalam Negeri dan "
                       "Organisasi Kemasyarakatan: Politik Dalam Negeri, Ormas| Kewaspadaan "
                       "Nasional dan Penanganan Konflik: Kewaspadaan Dini, Penanganan Konflik"),
             sub_word="Sub Bidang", families=("analis_kebijakan",), priority=9),
    UnitSpec("DISDIK", "Dinas Pendidikan", "dinas", "Kepala Dinas Pendidikan",
             ("Pendidikan", "Administrasi Negara", "Manajemen"), size=1.5,
             bidang=_b("Pembinaan Sekolah Dasar: Kurikulum SD, Peserta Didik SD| Pembinaan "
                       "Sekolah Menengah Pertama: Kurikulum SMP, Peserta Didik SMP| Pembinaan "
                       "PAUD dan Pendidikan Nonformal: PAUD, Pendidikan Nonformal| Pembinaan "
                       "Ketenagaan: Pendidik, Tenaga Kependidikan"),
             families=("pengawas_sekolah", "penilik", "pranata_komputer"),
             staff=("pengelola_data_pendidikan",), priority=4),
    UnitSpec("DINKES", "Dinas Kesehatan", "dinas", "Kepala Dinas Kesehatan", HEALTH,
             size=4.5,
             bidang=_b("Kesehatan Masyarakat: Kesehatan Keluarga dan Gizi, Promosi Kesehatan"
                       "| Pencegahan dan Pengendalian Penyakit: Surveilans dan Imunisasi, "
                       "Pengendalian Penyakit Menular, Penyakit Tidak Menular| Pelayanan "
                       "Kesehatan: Pelayanan Kesehatan Primer, Pelayanan Kesehatan Rujukan"
                       "| Sumber Daya Kesehatan: Kefarmasian dan Alat Kesehatan, SDM Kesehatan"),
             families=("dokter", "dokter_gigi", "perawat", "bidan", "apoteker",
                       "asisten_apoteker", "epidemiolog", "penyuluh_kesehatan", "sanitarian",
                       "nutrisionis", "administrator_kesehatan"),
             staff=("pengelola_program_kesehatan",), priority=1),
    UnitSpec("RSUD", "Rumah Sakit Umum Daerah Dr. R.M. Djoelham", "rsud",
             "Direktur Rumah Sakit Umum Daerah Dr. R.M. Djoelham", HEALTH, size=6.0,
             bidang=_b("Pelayanan Medis: Pelayanan Medis Rawat Jalan, Pelayanan Medis Rawat "
                       "Inap| Keperawatan: Asuhan Keperawatan, Etika dan Mutu Keperawatan"
                       "| Penunjang Medis dan Non Medis: Penunjang Medis, Penunjang Non Medis"),
             families=("dokter", "dokter_spesialis", "dokter_gigi", "perawat", "bidan",
                       "apoteker", "asisten_apoteker", "radiografer", "pranata_lab",
                       "perekam_medis", "nutrisionis", "fisioterapis"),
             staff=("pengadministrasi_rm", "bendahara_kas"), priority=2),
    UnitSpec("PUTR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas",
             "Kepala Dinas Pekerjaan Umum dan Penataan Ruang", CIVIL, size=1.4,
             bidang=_b("Bina Marga: Pembangunan Jalan dan Jembatan, Pemeliharaan Jalan dan "
                       "Jembatan| Sumber Daya Air: Irigasi, Drainase| Cipta Karya: Bangunan "
                       "Gedung, Air Minum dan Sanitasi| Penataan Ruang: Perencanaan Tata Ruang,"
                       " Pengendalian Pemanfaatan Ruang"),
             families=("teknik_jalan", "teknik_pengairan", "penata_ruang", "teknik_bangunan"),
             staff=("pengawas_lapangan", "juru_ukur"), priority=3),
    UnitSpec("PERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "dinas",
             "Kepala Dinas Perumahan Rakyat dan Kawasan Permukiman", CIVIL, size=0.8,
             bidang=_b("Perumahan: Penyediaan Perumahan, Rumah Tidak Layak Huni| Kawasan "
                       "Permukiman: Permukiman Kumuh, Prasarana Sarana Utilitas| Pertamanan "
                       "dan Penerangan Jalan: Pertamanan, Penerangan Jalan Umum"),
             families=("teknik_bangunan",), staff=("pengawas_lapangan",), priority=9),
    UnitSpec("DLH", "Dinas Lingkungan Hidup", "dinas", "Kepala Dinas Lingkungan Hidup",
             ("Teknik Lingkungan", "Kesehatan Masyarakat"), size=1.2,
             bidang=_b("Tata Lingkungan: Kajian Dampak Lingkungan, Pemeliharaan Lingkungan"
                       "| Pengelolaan Sampah dan Limbah B3: Pengelolaan Sampah, Limbah B3"
                       "| Pengendalian Pencemaran dan Kerusakan Lingkungan: Pemantauan "
                       "Lingkungan, Penegakan Hukum Lingkungan"),
             families=("pengendali_dampak", "pengawas_lingkungan"),
             staff=("petugas_kebersihan", "petugas_lapangan"), priority=6),
    UnitSpec("DINSOS", "Dinas Sosial", "dinas", "Kepala Dinas Sosial",
             ("Kesejahteraan Sosial", "Administrasi Negara"), size=0.8,
             bidang=_b("Rehabilitasi Sosial: Rehabilitasi Penyandang Disabilitas, "
                       "Rehabilitasi Tuna Sosial| Perlindungan dan Jaminan Sosial: "
                       "Perlindungan Sosial Korban Bencana, Jaminan Sosial Keluarga"
                       "| Pemberdayaan Sosial dan Penanganan Fakir Miskin: Pemberdayaan "
                       "Sosial, Penanganan Fakir Miskin"),
             families=("pekerja_sosial", "penyuluh_sosial"), staff=("pengelola_data_sosial",),
             priority=5),
    UnitSpec("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas",
             "Kepala Dinas Kependudukan dan Pencatatan Sipil",
             IT + ("Administrasi Negara",), size=1.3,
             bidang=_b("Pelayanan Pendaftaran Penduduk: Identitas Penduduk, Pindah Datang "
                       "Penduduk| Pelayanan Pencatatan Sipil: Kelahiran dan Kematian, "
                       "Perkawinan dan Perceraian| Pengelolaan Informasi Administrasi "
                       "Kependudukan: Sistem Informasi, Pengolahan dan Penyajian Data"
                       "| Pemanfaatan Data dan Inovasi Pelayanan: Kerja Sama, Inovasi "
                       "Pelayanan"),
             families=("adminduk", "pranata_komputer"), staff=("pengelola_layanan_adminduk",),
             priority=2),
    UnitSpec("DISHUB", "Dinas Perhubungan", "dinas", "Kepala Dinas Perhubungan",
             ("Transportasi", "Teknik Sipil"), size=1.1,
             bidang=_b("Lalu Lintas: Manajemen dan Rekayasa Lalu Lintas, Pengendalian "
                       "Operasional| Angkutan: Angkutan Orang, Angkutan Barang| Sarana dan "
                       "Prasarana: Pengujian Sarana, Prasarana Perhubungan"),
             families=("penguji_kendaraan",), staff=("petugas_lalu_lintas", "juru_parkir"),
             priority=7),
    UnitSpec("DISKOMINFO", "Dinas Komunikasi dan Informatika", "dinas",
             "Kepala Dinas Komunikasi dan Informatika", IT + ("Ilmu Komunikasi",), size=0.9,
             bidang=_b("Informasi dan Komunikasi Publik: Pengelolaan Informasi Publik, "
                       "Kemitraan Media| Aplikasi Informatika: Layanan e-Government, "
                       "Infrastruktur dan Jaringan| Statistik dan Persandian: Statistik "
                       "Sektoral, Persandian dan Keamanan Informasi"),
             families=("pranata_komputer", "statistisi", "pranata_humas", "sandiman"),
             staff=("pengelola_jaringan",), priority=1),
    UnitSpec("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah", "dinas",
             "Kepala Dinas Koperasi dan Usaha Kecil Menengah", FINANCE, size=0.6,
             bidang=_b("Kelembagaan dan Pengawasan Koperasi: Kelembagaan, Pengawasan Koperasi"
                       "| Pemberdayaan Usaha Kecil Menengah: Pemberdayaan UKM, Kewirausahaan"),
             families=("pengawas_koperasi",), priority=8),
    UnitSpec("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "dinas",
             "Kepala Dinas Perindustrian dan Perdagangan", FINANCE, size=0.8,
             bidang=_b("Perindustrian: Industri Agro, Industri Kecil Menengah| Perdagangan: "
                       "Perdagangan Dalam Negeri, Pengawasan Barang Beredar| Pasar dan "
                       "Metrologi: Pengelolaan Pasar, Metrologi Legal"),
             families=("penera", "pengawas_perdagangan"), staff=("petugas_pasar",),
             priority=7),
    UnitSpec("DKPP", "Dinas Ketahanan Pangan dan Pertanian", "dinas",
             "Kepala Dinas Ketahanan Pangan dan Pertanian", ("Pertanian",), size=1.0,
             bidang=_b("Ketahanan Pangan: Ketersediaan dan Distribusi Pangan, Konsumsi dan "
                       "Keamanan Pangan| Tanaman Pangan dan Hortikultura: Produksi Tanaman, "
                       "Perlindungan Tanaman| Peternakan dan Kesehatan Hewan: Produksi "
                       "Peternakan, Kesehatan Hewan"),
             families=("penyuluh_pertanian", "medik_veteriner", "paramedik_veteriner"),
             priority=6),
    UnitSpec("DISPUSIP", "Dinas Perpustakaan dan Arsip", "dinas",
             "Kepala Dinas Perpustakaan dan Arsip", ("Perpustakaan", "Kearsipan"), size=0.6,
             bidang=_b("Perpustakaan: Layanan Perpustakaan, Pengembangan Koleksi| Kearsipan: "
                       "Pengelolaan Arsip, Pembinaan Kearsipan"),
             families=("pustakawan", "arsiparis"), priority=7),
    UnitSpec("SATPOLPP", "Satuan Polisi Pamong Praja", "satpol",
             "Kepala Satuan Polisi Pamong Praja", LAW + ("Ilmu Pemerintahan",), size=2.2,
             bidang=_b("Penegakan Peraturan Daerah: Penyelidikan dan Penyidikan, Pembinaan dan"
                       " Penyuluhan| Ketertiban Umum dan Ketentraman Masyarakat: Operasi dan "
                       "Pengendalian, Kerja Sama| Perlindungan Masyarakat: Satuan Linmas, "
                       "Bina Potensi Masyarakat"),
             families=("pol_pp",), staff=("petugas_ketertiban",), priority=4),
    UnitSpec("DISPORAPAR", "Dinas Pemuda, Olahraga dan Pariwisata", "dinas",
             "Kepala Dinas Pemuda, Olahraga dan Pariwisata",
             ("Manajemen", "Pendidikan", "Administrasi Negara"), size=0.6,
             bidang=_b("Kepemudaan: Pemberdayaan Pemuda, Kepeloporan Pemuda| Keolahragaan: "
                       "Pembinaan Olahraga Prestasi, Sarana Olahraga| Pariwisata: Destinasi "
                       "Pariwisata, Pemasaran Pariwisata"),
             families=("analis_kebijakan",), priority=9),
    UnitSpec("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas",
             "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
             LAW + ("Administrasi Negara", "Ekonomi"), size=0.7,
             bidang=_b("Penanaman Modal: Promosi Penanaman Modal, Pengendalian Penanaman "
                       "Modal| Pelayanan Perizinan: Perizinan Usaha, Perizinan Non Usaha"
                       "| Pengaduan dan Informasi: Pengaduan, Data dan Sistem Informasi"),
             families=("analis_kebijakan", "pranata_komputer"), staff=("pengelola_perizinan",),
             priority=6),
    UnitSpec("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "dinas",
             "Kepala Dinas Pemadam Kebakaran dan Penyelamatan",
             ("Teknik Sipil", "Administrasi Negara"), size=1.3,
             bidang=_b("Pencegahan dan Penyuluhan: Pencegahan, Penyuluhan| Pemadaman dan "
                       "Penyelamatan: Operasi Pemadaman, Penyelamatan"),
             families=("pemadam",), staff=("petugas_damkar",), priority=8),
    UnitSpec("DP3AP2KB", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak, Pengendalian "
             "Penduduk dan Keluarga Berencana", "dinas",
             "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak, Pengendalian "
             "Penduduk dan Keluarga Berencana",
             ("Kesejahteraan Sosial", "Kesehatan Masyarakat", "Psikologi"), size=0.9,
             bidang=_b("Pemberdayaan Perempuan dan Perlindungan Anak: Kualitas Hidup "
                       "Perempuan, Perlindungan Anak| Pengendalian Penduduk: Data dan "
                       "Informasi, Advokasi dan Penggerakan| Keluarga Berencana: Pelayanan "
                       "KB, Ketahanan Keluarga"),
             families=("penyuluh_kb", "pekerja_sosial"), priority=7),
    UnitSpec("DISNAKER", "Dinas Tenaga Kerja", "dinas", "Kepala Dinas Tenaga Kerja",
             LAW + ("Manajemen", "Psikologi"), size=0.5,
             bidang=_b("Penempatan dan Pelatihan Tenaga Kerja: Penempatan, Pelatihan dan "
                       "Produktivitas| Hubungan Industrial: Hubungan Industrial, Jaminan "
                       "Sosial Tenaga Kerja"),
             families=("mediator_hi", "pengantar_kerja"), priority=9),
)

# Bagian of the Setda: units of their own (administrator heads), parent SETDA.
SETDA_BAGIAN: tuple[UnitSpec, ...] = (
    UnitSpec("SETDA-PEM", "Bagian Tata Pemerintahan", "bagian", "Kepala Bagian Tata "
             "Pemerintahan", GOVERNMENT, bidang=_b(": Pemerintahan Umum, Otonomi Daerah, "
                                                   "Kerja Sama"),
             families=("analis_kebijakan",), priority=3),
    UnitSpec("SETDA-HUKUM", "Bagian Hukum", "bagian", "Kepala Bagian Hukum", LAW,
             bidang=_b(": Perundang-undangan, Bantuan Hukum, Dokumentasi dan Informasi Hukum"),
             families=("analis_hukum", "perancang_uu"), priority=2),
    UnitSpec("SETDA-ORG", "Bagian Organisasi", "bagian", "Kepala Bagian Organisasi",
             GOVERNMENT + ("Manajemen",), bidang=_b(": Kelembagaan dan Analisis Jabatan, "
                                                    "Reformasi Birokrasi, Tata Laksana"),
             families=("analis_kebijakan",), priority=5),
    UnitSpec("SETDA-EKON", "Bagian Perekonomian dan Sumber Daya Alam", "bagian",
             "Kepala Bagian Perekonomian dan Sumber Daya Alam", ("Ekonomi", "Manajemen"),
             bidang=_b(": Perekonomian, Sumber Daya Alam, BUMD"), priority=7),
    UnitSpec("SETDA-KESRA", "Bagian Kesejahteraan Rakyat", "bagian",
             "Kepala Bagian Kesejahteraan Rakyat", ("Kesejahteraan Sosial",
                                                   "Administrasi Negara"),
             bidang=_b(": Kesejahteraan Sosial, Keagamaan, Pendidikan dan Kesehatan"),
             priority=8),
    UnitSpec("SETDA-PBJ", "Bagian Pengadaan Barang dan Jasa", "bagian",
             "Kepala Bagian Pengadaan Barang dan Jasa", FINANCE + ("Teknik Sipil",),
             bidang=_b(": Pengelolaan Pengadaan, Layanan Pengadaan Secara Elektronik, "
                       "Pembinaan dan Advokasi"), families=("pengelola_pbj",), priority=4),
    UnitSpec("SETDA-PROKOPIM", "Bagian Protokol dan Komunikasi Pimpinan", "bagian",
             "Kepala Bagian Protokol dan Komunikasi Pimpinan", ("Ilmu Komunikasi",),
             bidang=_b(": Protokol, Komunikasi Pimpinan, Dokumentasi Pimpinan"),
             families=("pranata_humas",), priority=6),
    UnitSpec("SETDA-UMUM", "Bagian Umum", "bagian", "Kepala Bagian Umum",
             GOVERNMENT + ("Manajemen",), bidang=_b(": Tata Usaha Pimpinan, Rumah Tangga, "
                                                    "Perlengkapan"),
             staff=("pengemudi",), priority=3),
    UnitSpec("SETDA-PERKEU", "Bagian Perencanaan dan Keuangan", "bagian",
             "Kepala Bagian Perencanaan dan Keuangan", FINANCE,
             bidang=_b(": Perencanaan, Keuangan, Evaluasi dan Pelaporan"),
             families=("analis_keuangan",), priority=4),
)

# The 5 kecamatan and their 37 kelurahan.
KECAMATAN: dict[str, tuple[str, ...]] = {
    "Binjai Kota": ("Berngam", "Binjai", "Kartini", "Pekan Binjai", "Satria", "Setia",
                    "Tangsi"),
    "Binjai Utara": ("Cengkeh Turi", "Damai", "Jati Karya", "Jati Makmur", "Jati Negara",
                     "Jati Utomo", "Kebun Lada", "Nangka", "Pahlawan"),
    "Binjai Timur": ("Dataran Tinggi", "Mencirim", "Sumber Karya", "Sumber Mulyorejo",
                     "Tanah Tinggi", "Timbang Langkat", "Tunggurono"),
    "Binjai Selatan": ("Binjai Estate", "Bhakti Karya", "Pujidadi", "Rambung Barat",
                       "Rambung Dalam", "Rambung Timur", "Tanah Merah", "Tanah Seribu"),
    "Binjai Barat": ("Bandar Senembah", "Limau Mungkur", "Limau Sundai", "Payaroba",
                     "Suka Maju", "Suka Ramai"),
}
KECAMATAN_SEKSI: tuple[str, ...] = (
    "Pemerintahan", "Ketentraman dan Ketertiban Umum", "Pemberdayaan Masyarakat",
    "Kesejahteraan Sosial", "Pelayanan Umum")
KECAMATAN_SUBBAG: tuple[str, ...] = ("Umum dan Kepegawaian", "Perencanaan dan Keuangan")
KELURAHAN_SEKSI: tuple[str, ...] = (
    "Pemerintahan", "Ketentraman dan Ketertiban", "Pemberdayaan Masyarakat")

SECRETARIAT_SUBBAG: tuple[str, ...] = ("Umum dan Kepegawaian", "Keuangan", "Program dan "
                                                                         "Pelaporan")


def slug(name: str) -> str:
    return name.upper().replace(" ", "-").replace(".", "")


@dataclass
class Unit:
    """A unit as the generated world holds it."""

    unit_id: str
    name: str
    unit_type: str
    parent: str | None
    fields: tuple[str, ...]
    spec: UnitSpec | None = None
    territorial: bool = False
    kelurahan: tuple[str, ...] = field(default_factory=tuple)

/*
 * The desktop-federation panels: rows and the overview refresh from
 * central every few seconds, and the create form shows the placement
 * preview. Plain jQuery, as Horizon ships it; nothing else is loaded.
 */
(function ($) {
  'use strict';

  var REFRESH_MS = 10000;
  var PREVIEW_DELAY_MS = 400;

  // Rows of tables marked "desktop-live" refresh whatever their status.
  function refreshRows() {
    $('table.desktop-live tr.ajax-update').each(function () {
      var $row = $(this);
      var url = $row.attr('data-update-url');
      if (!url || $row.find('.btn-group.open').length) {
        return;
      }
      $.ajax({url: url, cache: false}).done(function (html) {
        var $new = $(html);
        if ($new.html() !== $row.html()) {
          var checked = $row.find('.table-row-multi-select').prop('checked');
          $new.find('.table-row-multi-select').prop('checked', checked);
          $row.replaceWith($new);
        }
      }).fail(function (xhr) {
        if (xhr.status === 404) {
          $row.remove();
        }
      });
    });
  }

  // Blocks with data-desktop-refresh-url reload their content.
  function refreshBlocks() {
    $('[data-desktop-refresh-url]').each(function () {
      var $block = $(this);
      $.ajax({url: $block.attr('data-desktop-refresh-url'), cache: false})
        .done(function (html) { $block.html(html); });
    });
  }

  function previewQuery($form) {
    return $.param($.grep($form.serializeArray(), function (field) {
      return field.name !== 'csrfmiddlewaretoken';
    }));
  }

  function preview($form) {
    var $out = $form.find('.placement-preview');
    var url = $out.attr('data-preview-url');
    if (!url) {
      return;
    }
    $out.html('<p class="text-muted placement-loading">' +
              gettext('Asking central\'s placer...') + '</p>');
    $.ajax({url: url, data: previewQuery($form), cache: false})
      .done(function (html) { $out.html(html); })
      .fail(function (xhr) {
        $out.html($('<div class="alert alert-danger placement-error">')
          .text(gettext('No preview: the dashboard answered ') + xhr.status));
      });
  }

  var timer = null;
  $(document).on('click', '.placement-preview-button', function (event) {
    event.preventDefault();
    preview($(this).closest('form'));
  });
  $(document).on('change', 'form.desktop-create-form :input', function () {
    var $form = $(this).closest('form');
    clearTimeout(timer);
    timer = setTimeout(function () { preview($form); }, PREVIEW_DELAY_MS);
  });

  $(function () {
    $('form.desktop-create-form').each(function () { preview($(this)); });
    if (window.horizon && horizon.modals && horizon.modals.addModalInitFunction) {
      horizon.modals.addModalInitFunction(function (modal) {
        $(modal).find('form.desktop-create-form').each(function () {
          preview($(this));
        });
      });
    }
    setInterval(function () {
      refreshRows();
      refreshBlocks();
    }, REFRESH_MS);
  });
}(jQuery));

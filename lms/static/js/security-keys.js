/*
 * Security keys (WebAuthn) on Trellis's two-factor pages.
 *
 * allauth's webauthn.js talks to the key; this file connects it to the page: each button
 * marked `data-security-key="add"` or `"authenticate"` names the hidden credential field
 * (`data-credential`) and the JSON data block made by Django's `json_script`
 * (`data-options`). When the browser or the key refuses, the person is told on the page
 * (the element marked `data-security-key-problem`) instead of nothing happening.
 *
 * Loaded as a static file: the Content-Security-Policy allows no inline script.
 */
(function () {
  'use strict'

  function problemBox () {
    return document.querySelector('[data-security-key-problem]')
  }

  function start () {
    const forms = window.allauth && window.allauth.webauthn && window.allauth.webauthn.forms
    document.querySelectorAll('[data-security-key]').forEach(function (button) {
      const ids = { credential: button.dataset.credential, data: button.dataset.options }
      button.addEventListener('click', function () {
        const box = problemBox()
        if (box) { box.hidden = true }
      })
      if (!forms || !window.PublicKeyCredential) {
        button.disabled = true
        const box = problemBox()
        if (box) {
          box.textContent = box.dataset.unsupported
          box.hidden = false
        }
        return
      }
      if (button.dataset.securityKey === 'add') {
        ids.add = button.id
        forms.addForm({ ids })
      } else if (button.dataset.securityKey === 'authenticate') {
        ids.authenticate = button.id
        forms.authenticateForm({ ids })
      }
    })
  }

  document.addEventListener('allauth.error', function (event) {
    const box = problemBox()
    if (!box) { return }
    event.preventDefault()
    const exception = event.detail && event.detail.exception
    const already = exception && exception.name === 'InvalidStateError'
    box.textContent = already ? box.dataset.alreadyAdded : box.dataset.notUsed
    box.hidden = false
    box.focus()
  })

  document.addEventListener('DOMContentLoaded', start)
})()
